// Stand-ins for the n8n-nodes-base nodes that start and steer the pipeline and long-render-loop
// examples, for the engine harness only (see stand-ins.ts for the others and why they exist). Each
// does what the examples ask of the real node in n8n 2.40.7, at the type version they use:
//
//   n8n-nodes-base.scheduleTrigger  1.2  emits one item when run by hand (the time it ran)
//   n8n-nodes-base.wait             1.1  Resume "After Time Interval": a wait still 65 s long
//                                        when measured parks the execution with
//                                        putExecutionToWait, as the real node does (shorter waits
//                                        sleep in process there: refused here)
//   n8n-nodes-base.if               2.2  routes each item by its Conditions, which n8n-core's
//                                        getNodeParameter evaluates (n8n-workflow's executeFilter),
//                                        as the real If v2 reads them
//   n8n-nodes-base.stopAndError     1    fails the execution with its Error Message
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { parameter, standIn, TRANSFORM, TRIGGER } from './stand-in-shape';

/** n8n's Wait node keeps shorter waits in process: its wait tracker reads the database every 60 s. */
const PARKED_FROM_MS = 65_000;

const UNIT_MS: Record<string, number> = {
	seconds: 1000,
	minutes: 60_000,
	hours: 3_600_000,
	days: 86_400_000,
};

const scheduleTrigger: INodeType = {
	description: standIn('scheduleTrigger', 1.2, TRIGGER),

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{ timestamp: new Date().toISOString() }])]);
		};
		return { manualTriggerFunction };
	},
};

const wait: INodeType = {
	description: {
		...standIn('wait', 1.1, TRANSFORM, [
			parameter('resume', 'options', 'timeInterval'),
			parameter('amount', 'number', 5),
			parameter('unit', 'options', 'seconds'),
		]),
		webhooks: [],
	},

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resume = this.getNodeParameter('resume', 0) as string;
		const unitMs = UNIT_MS[this.getNodeParameter('unit', 0) as string];
		const amount = this.getNodeParameter('amount', 0) as number;
		if (resume !== 'timeInterval' || !unitMs || !(amount >= 0))
			throw new NodeOperationError(
				this.getNode(),
				'The engine harness’s Wait resumes after a time interval only',
			);
		const waitTill = new Date(Date.now() + amount * unitMs);
		// As the real node measures it: against the clock once more, so 65 s is often 64.999 s.
		const waitMs = Math.max(waitTill.getTime() - Date.now(), 0);
		if (waitMs < PARKED_FROM_MS)
			throw new NodeOperationError(
				this.getNode(),
				`The engine harness’s Wait parks executions (waits of 65 s or more), not ${waitMs} ms in process`,
			);
		await this.putExecutionToWait(waitTill);
		return [this.getInputData()];
	},
};

const ifNode: INodeType = {
	description: {
		...standIn('if', 2.2, TRANSFORM, [
			{
				...parameter('conditions', 'filter', {}),
				typeOptions: { filter: { caseSensitive: true, typeValidation: 'strict', version: 2 } },
			},
		]),
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
	},

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const passing: INodeExecutionData[] = [];
		const failing: INodeExecutionData[] = [];
		for (const [itemIndex, item] of this.getInputData().entries()) {
			const pass = this.getNodeParameter('conditions', itemIndex, false, { extractValue: true });
			item.pairedItem ??= { item: itemIndex };
			(pass ? passing : failing).push(item);
		}
		return [passing, failing];
	},
};

const stopAndError: INodeType = {
	description: {
		...standIn('stopAndError', 1, TRANSFORM, [
			parameter('errorType', 'options', 'errorMessage'),
			parameter('errorMessage', 'string', ''),
		]),
		outputs: [],
	},

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		throw new NodeOperationError(
			this.getNode(),
			this.getNodeParameter('errorMessage', 0) as string,
		);
	},
};

export function flowStandIns(): Record<string, INodeType> {
	return {
		'n8n-nodes-base.scheduleTrigger': scheduleTrigger,
		'n8n-nodes-base.wait': wait,
		'n8n-nodes-base.if': ifNode,
		'n8n-nodes-base.stopAndError': stopAndError,
	};
}
