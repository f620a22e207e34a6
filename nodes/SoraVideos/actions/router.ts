import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { videos } from '../client/videos';
import { mapWithConcurrency } from '../helpers/concurrency';
import { missingOperation, SERVER_TRAITS } from '../helpers/servers';
import { PACKAGE_VERSION } from '../version';
import type { ItemOperation, ItemOutcome, Operation } from './operation';
import { findOperation } from './resources';

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
	checkInput: NonNullable<ItemOperation['readInput']>,
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
	execute: ItemOperation['execute'],
	concurrency: number,
	itemIndices: number[],
	stopOnError: boolean,
) {
	let failed = false;
	return await mapWithConcurrency(
		itemIndices,
		concurrency,
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

/** A workflow saved by a newer version of the package can name what this one lacks. */
function unknownOperation(ctx: IExecuteFunctions, resource: string, operation: string) {
	return new NodeOperationError(
		ctx.getNode(),
		`The operation "${operation}" of resource "${resource}" is not known to n8n-nodes-sora-videos ${PACKAGE_VERSION}`,
		{
			description:
				'The workflow was probably made with a newer version of the package: update n8n-nodes-sora-videos (Settings → Community Nodes), or pick an operation from the list.',
		},
	);
}

/**
 * An operation the credential's server does not have fails for every item before any request,
 * saying what to do instead (docs/protocol.md rule 37). A credential that cannot be read is left
 * for the operation to report.
 */
async function refusedByServer(
	ctx: IExecuteFunctions,
	resource: string,
	operation: Operation,
	itemIndices: number[],
): Promise<ItemOutcome[] | undefined> {
	if (itemIndices.length === 0) return undefined;
	const server = await videos(ctx, itemIndices[0])
		.server()
		.catch(() => undefined);
	const missing = server && missingOperation(server, resource, operation.value);
	if (!server || !missing) return undefined;
	const { name } = SERVER_TRAITS[server];
	return itemIndices.map(
		(itemIndex) =>
			new NodeOperationError(ctx.getNode(), `${name} has no ${missing.what}`, {
				itemIndex,
				description: `${missing.instead} The credential's Server is ${name}.`,
			}),
	);
}

async function runOperation(
	ctx: IExecuteFunctions,
	operation: Operation,
	itemIndices: number[],
	continueOnFail: boolean,
): Promise<Array<ItemOutcome | undefined>> {
	if ('executeBatch' in operation)
		return await operation.executeBatch.call(ctx, itemIndices, !continueOnFail);
	// Each item's input is read again when it is sent: keeping every body (reference images
	// included) from this pass would hold them all in memory at once.
	if (operation.readInput && !continueOnFail)
		await checkEveryItem(ctx, operation.readInput, itemIndices);
	const { execute, concurrency = 1, followUp } = operation;
	const outcomes = await runItems(ctx, execute, concurrency, itemIndices, !continueOnFail);
	if (!followUp) return outcomes;
	// Without Continue On Fail a failed item fails the run, so following up would be wasted; with
	// it, every item has an outcome.
	if (!continueOnFail && outcomes.some((outcome) => outcome instanceof Error)) return outcomes;
	return await followUp.call(ctx, itemIndices, outcomes as ItemOutcome[], !continueOnFail);
}

/** The node's one item loop: dispatches, keeps input order and pairing, and applies Continue On Fail. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0, 'video') as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = findOperation(resource, operationName);
	if (!operation) throw unknownOperation(this, resource, operationName);
	const continueOnFail = this.continueOnFail();
	const itemIndices = items.map((_, index) => index);
	const outcomes =
		(await refusedByServer(this, resource, operation, itemIndices)) ??
		(await runOperation(this, operation, itemIndices, continueOnFail));

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
			if ('readInput' in operation && operation.readInput)
				error.description = `${error.description ?? ''}${startedJobsNote(outcomes)}`.trim();
			throw error;
		}
		output.push(errorItem(error, itemIndex));
	}
	return [output];
}
