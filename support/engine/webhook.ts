// Webhook-triggered workflows in the engine harness, as n8n's webhook handling runs them: the
// caller's request becomes the Webhook node's item, and the answer the caller would get is built
// from the Webhook node's response mode (Respond to Webhook answers through the sendResponse hook).
import type {
	IDataObject,
	IRun,
	IRunExecutionData,
	INodeExecutionData,
	Workflow,
} from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';

import type { WebhookRequest, WebhookResponse } from './run-types';
import type { WorkflowNodeJson } from './workflow-files';

/** The enabled Webhook node a workflow starts with, if it has one. */
export function webhookNodeOf(nodes: WorkflowNodeJson[]): WorkflowNodeJson | undefined {
	return nodes.find((node) => node.type === 'n8n-nodes-base.webhook' && !node.disabled);
}

/**
 * As n8n's webhook handling does: the Webhook node's output is the request as Webhook v2's item,
 * and the run goes on from there.
 */
export function webhookStart(
	workflow: Workflow,
	webhookNode: WorkflowNodeJson,
	request: WebhookRequest,
	webhookBaseUrl: string,
): IRunExecutionData {
	const path = String(webhookNode.parameters.path ?? webhookNode.webhookId ?? '');
	const item: INodeExecutionData = {
		json: {
			headers: { 'content-type': 'application/json', ...(request.headers ?? {}) },
			params: request.params ?? {},
			query: request.query ?? {},
			body: (request.body ?? {}) as IDataObject,
			webhookUrl: `${webhookBaseUrl}/${path}`,
			executionMode: 'production',
		},
	};
	return createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: workflow.getNode(webhookNode.name)!, data: { main: [[item]] }, source: null },
			],
		},
	});
}

/** Webhook responseMode onReceived / lastNode, as n8n answers them (responseNode answers come from the hook). */
export function webhookAnswer(
	webhookNode: WorkflowNodeJson,
	run: IRun,
	executed: string[],
): WebhookResponse | undefined {
	const responseMode = String(webhookNode.parameters.responseMode ?? 'onReceived');
	if (responseMode === 'onReceived') {
		return {
			statusCode: Number(webhookNode.parameters.responseCode ?? 200),
			headers: {},
			body: { message: 'Workflow was started' },
			from: webhookNode.name,
		};
	}
	if (responseMode !== 'lastNode') return undefined;
	const last = run.data.resultData.lastNodeExecuted ?? executed[executed.length - 1];
	if (run.data.resultData.error || !last) {
		return {
			statusCode: 500,
			headers: {},
			body: { message: 'Error in workflow' },
			from: last ?? webhookNode.name,
		};
	}
	const items = run.data.resultData.runData[last]?.at(-1)?.data?.main?.[0] ?? [];
	const responseData = String(webhookNode.parameters.responseData ?? 'firstEntryJson');
	const body =
		responseData === 'allEntries'
			? items.map((item) => item.json)
			: responseData === 'noData'
				? undefined
				: items[0]?.json;
	return {
		statusCode: Number(webhookNode.parameters.responseCode ?? 200),
		headers: {},
		body,
		from: last,
	};
}
