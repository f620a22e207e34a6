// n8n's execution lifecycle hooks for one run of the engine harness: the caller hears when nodes
// start and finish, the run records which nodes ran and the answer a Respond to Webhook node
// sends, and the run ends when n8n says so.
import { ExecutionLifecycleHooks } from 'n8n-core';
import type {
	IExecuteResponsePromiseData,
	IRun,
	IWorkflowBase,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { RunOptions, RunRecord } from './run-types';

export function lifecycleHooks(
	mode: WorkflowExecuteMode,
	executionId: string,
	workflowData: IWorkflowBase,
	runOptions: RunOptions,
	record: RunRecord,
	settle: (run: IRun) => void,
): ExecutionLifecycleHooks {
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	hooks.addHandler('nodeExecuteBefore', (nodeName) => {
		record.executed.push(nodeName);
		runOptions.onNodeStart?.(nodeName);
	});
	hooks.addHandler('nodeExecuteAfter', (nodeName, data) =>
		runOptions.onNodeFinish?.(nodeName, data),
	);
	hooks.addHandler('sendResponse', (response: IExecuteResponsePromiseData) => {
		const responder = record.executed[record.executed.length - 1] ?? 'Respond to Webhook';
		record.webhookResponse ??= {
			statusCode: Number(response.statusCode ?? 200),
			headers: (response.headers ?? {}) as Record<string, string>,
			body: response.body,
			from: responder,
		};
	});
	// n8n resolves an execution from this hook: it fires at the end, and at once on cancel.
	hooks.addHandler('workflowExecuteAfter', (run) => settle(run));
	return hooks;
}
