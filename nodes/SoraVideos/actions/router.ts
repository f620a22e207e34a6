import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../helpers/concurrency';
import type { ItemOutcome } from './outcome';
import * as video from './video';

type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

const itemOperations: Record<string, ItemOperation> = {
	create: video.create.execute,
	remix: video.remix.execute,
	get: video.get.execute,
	getMany: video.getMany.execute,
	download: video.download.execute,
	delete: video.delete.execute,
};

/** Operations that run several items at once; the others go one item at a time. */
const concurrency: Record<string, number> = { create: 4, get: 4, download: 4 };

type InputCheck = (this: IExecuteFunctions, itemIndex: number) => Promise<unknown>;

/**
 * Operations that start paid jobs check every item's parameters before sending any of them, so a
 * bad row fails the run before other rows are billed; jobs started anyway (a server error on one
 * item) are named in the error, so a failing batch loses none of them.
 */
const paidInputChecks: Record<string, InputCheck> = {
	create: video.create.readInput,
	remix: video.remix.readInput,
};

function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		// n8n returns an existing node error unchanged from the constructors, so set the item here.
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const context = error.context as IDataObject;
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (context.httpCode !== undefined) json.httpCode = context.httpCode;
	if (context.requestId) json.requestId = context.requestId;
	if (context.mayHaveStartedJob) json.mayHaveStartedJob = true;
	const jobVideo = context.video as IDataObject | undefined;
	if (jobVideo) {
		json.id = jobVideo.id;
		json.status = jobVideo.status;
		json.video = jobVideo;
	}
	return { json, pairedItem: { item: itemIndex } };
}

function startedJobsNote(outcomes: Array<ItemOutcome | undefined>): string {
	const started = outcomes.flatMap((outcome, itemIndex) =>
		Array.isArray(outcome)
			? outcome.map((item) => `item ${itemIndex}: ${String(item.json.id)}`)
			: [],
	);
	return started.length
		? ` Jobs already started for other items (find them with Get Many or wait for them with Wait for Completion): ${started.join(', ')}.`
		: '';
}

/** Reads every item's input before any is sent; a failure names its item, as a sending one does. */
async function checkEveryItem(
	ctx: IExecuteFunctions,
	checkInput: InputCheck,
	itemIndices: number[],
) {
	for (const itemIndex of itemIndices) {
		try {
			await checkInput.call(ctx, itemIndex);
		} catch (error) {
			throw asNodeError(ctx, error, itemIndex);
		}
	}
}

async function runItems(
	ctx: IExecuteFunctions,
	operation: string,
	itemIndices: number[],
	stopOnError: boolean,
) {
	const execute = itemOperations[operation];
	let failed = false;
	return await mapWithConcurrency(
		itemIndices,
		concurrency[operation] ?? 1,
		async (itemIndex): Promise<ItemOutcome> => {
			try {
				return await execute.call(ctx, itemIndex);
			} catch (error) {
				failed = true;
				return error as Error;
			}
		},
		() => failed && stopOnError,
	);
}

/** The node's one item loop: dispatches, keeps input order and pairing, and applies Continue On Fail. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const itemIndices = items.map((_, index) => index);
	const continueOnFail = this.continueOnFail();

	let outcomes: Array<ItemOutcome | undefined>;
	if (operation === 'waitForCompletion') {
		outcomes = await video.waitForCompletion.executeBatch.call(this, itemIndices, !continueOnFail);
	} else if (operation in itemOperations) {
		const checkInput = paidInputChecks[operation];
		// Each item's input is read again when it is sent: keeping every body (reference images
		// included) from this pass would hold them all in memory at once.
		if (checkInput && !continueOnFail) await checkEveryItem(this, checkInput, itemIndices);
		outcomes = await runItems(this, operation, itemIndices, !continueOnFail);
	} else {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}

	const cancelled = this.getExecutionCancelSignal()?.aborted;
	const output: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if (outcome === undefined) continue;
		if (!(outcome instanceof Error)) {
			output.push(...outcome);
			continue;
		}
		const error = asNodeError(this, outcome, itemIndex);
		// A cancelled execution stops; it is never turned into an error item.
		if (cancelled || !continueOnFail) {
			if (operation in paidInputChecks)
				error.description = `${error.description ?? ''}${startedJobsNote(outcomes)}`.trim();
			throw error;
		}
		output.push(errorItem(error, itemIndex));
	}
	return [output];
}
