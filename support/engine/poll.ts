// A polling trigger in the engine harness as n8n runs it for an active workflow: one n8n-core
// PollContext per activation, mode 'trigger', reused by every poll, the node's static data kept
// in the Workflow between polls. What a poll emits starts a run with `triggerItems`.
import { ExecutionLifecycleHooks, PollContext } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	IPollFunctions,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import type { EngineCredentials } from './credentials';
import {
	additionalDataOf,
	workflowDataOf,
	workflowOf,
	type ExecutionEnvironment,
} from './execution';
import { readWorkflow, type WorkflowJson } from './workflow-files';

export interface ActivateOptions {
	credentials: EngineCredentials;
	/** How n8n activated the workflow: 'activate' (default: the user turned it on), 'init' (n8n started). */
	activation?: WorkflowActivateMode;
	/** The node static data n8n saved before (default: the file's own `staticData`). */
	staticData?: IDataObject;
}

export interface ActiveWorkflow {
	/** One poll of the trigger: the items it emits (the next execution's start), or null. */
	poll(): Promise<INodeExecutionData[] | null>;
	/** The workflow's static data as n8n would save it now. */
	staticData(): IDataObject;
}

/** The workflow's polling trigger, active: its polls share one context, as in n8n. */
export function activateWorkflow(
	env: ExecutionEnvironment,
	source: string | WorkflowJson,
	options: ActivateOptions,
): ActiveWorkflow {
	const json = readWorkflow(source);
	if (options.staticData) json.staticData = JSON.parse(JSON.stringify(options.staticData));
	const workflowId = json.id ?? 'engine-active';
	const workflow = workflowOf(json, workflowId, env.nodeTypes);
	const node = workflow.getPollNodes()[0];
	if (!node) throw new UserError('activateWorkflow: the workflow has no polling trigger');
	const record = { messages: [], logs: [], executed: [], waits: [] };
	const ids = { executionId: 'poll', workflowId };
	const hooks = new ExecutionLifecycleHooks(
		'trigger',
		ids.executionId,
		workflowDataOf(json, workflow),
	);
	const runOptions = { credentials: options.credentials };
	const additionalData = additionalDataOf(env, runOptions, ids, hooks, record);
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		'trigger',
		options.activation ?? 'activate',
	) as unknown as IPollFunctions;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	return {
		async poll() {
			const output = await nodeType.poll!.call(context);
			return output?.[0] ?? null;
		},
		staticData: () => JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
	};
}
