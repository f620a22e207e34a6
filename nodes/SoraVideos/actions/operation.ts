import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** What one input item came to: its output items, or the error it failed with. */
export type ItemOutcome = INodeExecutionData[] | Error;

/** What the editor shows of an operation. */
interface OperationInfo {
	/** The saved parameter value: public API, never renamed (docs/interface.md). */
	value: string;
	/** The dropdown entry. */
	name: string;
	action: string;
	summary: string;
	/** What the canvas shows under the node's name. */
	subtitle: string;
	/** The operation's fields, shown only for it. */
	description: INodeProperties[];
}

/** An operation the router runs item by item. */
export interface ItemOperation extends OperationInfo {
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;
	/** Items run at once; output order is input order whatever this is (default 1). */
	concurrency?: number;
	/**
	 * For operations that start billed jobs: checks one item's parameters without sending
	 * anything. Without Continue On Fail the router runs it over every item before sending any.
	 */
	readInput?: (this: IExecuteFunctions, itemIndex: number) => Promise<unknown>;
	/**
	 * Runs once `execute` has run for every item, on all outcomes at once, and returns what each
	 * item comes to (Create's Wait for Completion option waits for the new jobs in one loop).
	 * Skipped when an item failed without Continue On Fail: the run fails with it.
	 */
	followUp?: (
		this: IExecuteFunctions,
		itemIndices: number[],
		outcomes: ItemOutcome[],
		stopOnError: boolean,
	) => Promise<Array<ItemOutcome | undefined>>;
}

/** An operation that does all items' work in one loop (Wait for Completion). */
export interface BatchOperation extends OperationInfo {
	/** `undefined` for an item the loop did not reach (it stopped at a failure). */
	executeBatch: (
		this: IExecuteFunctions,
		itemIndices: number[],
		stopOnError: boolean,
	) => Promise<Array<ItemOutcome | undefined>>;
}

/**
 * One operation, as its own file declares it: the router, the Operation dropdown and the canvas
 * subtitle are all derived from these, so adding an operation is one file and one line in its
 * resource's index.
 */
export type Operation = ItemOperation | BatchOperation;

/** A resource: its value and its operations, listed in its `index.ts`. */
export interface Resource {
	value: string;
	name: string;
	operations: Operation[];
}
