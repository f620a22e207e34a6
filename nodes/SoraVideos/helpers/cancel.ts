import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Any n8n context: the editor's and a trigger's have no execution to cancel. */
interface CancellableContext {
	getNode(): INode;
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

/**
 * Stops the node once the execution is cancelled; `itemIndex` when one item's work is cut short.
 */
export function throwIfCancelled(ctx: CancellableContext, itemIndex?: number) {
	if (ctx.getExecutionCancelSignal?.()?.aborted) {
		throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled', { itemIndex });
	}
}
