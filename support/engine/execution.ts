// One execution in the engine harness: the workflow JSON becomes n8n-workflow's Workflow, run by
// n8n-core's WorkflowExecute with the additional data n8n would give it (credentials, hooks, the
// UI channel, the instance's URLs), and its IRun becomes an EngineRun.
import { randomUUID } from 'node:crypto';

import { WorkflowExecute, type ExecutionLifecycleHooks } from 'n8n-core';
import type {
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, UserError, Workflow } from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials';
import { lifecycleHooks } from './hooks';
import type { HarnessLogger, LogListener } from './logger';
import type { EngineRun, RunningExecution, RunOptions, RunRecord, UiMessage } from './run-types';
import { webhookAnswer, webhookNodeOf, webhookStart } from './webhook';
import { readWorkflow, type WorkflowJson } from './workflow-files';

/** What every execution of one engine shares. */
export interface ExecutionEnvironment {
	nodeTypes: INodeTypes;
	credentialTypes: Record<string, ICredentialType>;
	logger: HarnessLogger;
}

/** Where n8n would be reached: nodes may read these (webhook URLs, resume URLs). */
const INSTANCE_URLS = {
	restApiUrl: 'http://localhost:5678/rest',
	instanceBaseUrl: 'http://localhost:5678/',
	formBaseUrl: 'http://localhost:5678/form',
	formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
	formTestBaseUrl: 'http://localhost:5678/form-test',
	webhookBaseUrl: 'http://localhost:5678/webhook',
	webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
	webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
	mcpBaseUrl: 'http://localhost:5678/mcp',
	mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
};

export function workflowOf(
	json: WorkflowJson,
	workflowId: string,
	nodeTypes: INodeTypes,
): Workflow {
	return new Workflow({
		id: workflowId,
		name: json.name ?? 'workflow',
		nodes: json.nodes as unknown as INode[],
		connections: json.connections,
		active: false,
		nodeTypes,
		staticData: json.staticData,
		settings: { executionOrder: 'v1', ...(json.settings ?? {}) },
	});
}

/** The workflow as n8n's database would hand it to the hooks. */
export function workflowDataOf(json: WorkflowJson, workflow: Workflow): IWorkflowBase {
	return {
		id: workflow.id,
		name: workflow.name ?? 'workflow',
		active: false,
		isArchived: false,
		nodes: json.nodes as unknown as INode[],
		connections: json.connections,
		settings: workflow.settings,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as IWorkflowBase;
}

export function additionalDataOf(
	env: ExecutionEnvironment,
	runOptions: RunOptions,
	ids: { executionId: string; workflowId: string },
	hooks: ExecutionLifecycleHooks,
	record: RunRecord,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new HarnessCredentialsHelper(
			env.credentialTypes,
			runOptions.credentials,
			env.nodeTypes,
		),
		executeWorkflow: async () => {
			throw new UserError('Sub-workflows are not supported by the engine harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		...ids,
		currentNodeExecutionIndex: 0,
		...INSTANCE_URLS,
		variables: {},
		hooks,
		logAiEvent: () => {},
		sendDataToUI: (type: string, data: IDataObject | IDataObject[]) => {
			if (type !== 'sendConsoleMessage' || Array.isArray(data)) return;
			const message: UiMessage = {
				source: String(data.source ?? ''),
				messages: (data.messages as unknown[]) ?? [],
			};
			record.messages.push(message);
			runOptions.onMessage?.(message);
		},
		startRunnerTask: async () => {
			throw new UserError(
				'Task runners are not available in the engine harness (the Code stand-in runs code itself)',
			);
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** The IRun of an execution that threw instead of finishing. */
function crashedRun(mode: WorkflowExecuteMode, error: Error): IRun {
	return {
		status: 'crashed',
		finished: false,
		mode,
		startedAt: new Date(),
		storedAt: 'db',
		data: createRunExecutionData({
			resultData: { error: { message: error.message, stack: error.stack } as never },
		}),
	} as unknown as IRun;
}

function engineRunOf(executionId: string, run: IRun, record: RunRecord): EngineRun {
	const runData = run.data.resultData.runData;
	return {
		executionId,
		status: run.status,
		finished: run.finished === true,
		error: run.data.resultData.error,
		run,
		executed: record.executed,
		items(nodeName, { runIndex = 0, output = 0 } = {}) {
			const task = runData[nodeName]?.[runIndex];
			if (!task)
				throw new Error(
					`node "${nodeName}" has no run ${runIndex} (ran: ${Object.keys(runData).join(', ') || 'nothing'})`,
				);
			return task.data?.main?.[output] ?? [];
		},
		nodeErrors() {
			const errors: Record<string, string> = {};
			for (const [name, tasks] of Object.entries(runData)) {
				const failed = tasks.find((task) => task.error);
				if (failed?.error) errors[name] = failed.error.message;
			}
			return errors;
		},
		messages: record.messages,
		logs: record.logs,
		waits: record.waits,
		webhookResponse: record.webhookResponse,
	};
}

/** One stretch of an execution: from its start, or from where n8n parked it (a Wait of 65 s or more). */
interface Stretch {
	cancel(): void;
	finished: Promise<IRun>;
}

/** What every stretch of one execution shares. */
interface ExecutionParts {
	env: ExecutionEnvironment;
	json: WorkflowJson;
	executionId: string;
	workflowId: string;
	mode: WorkflowExecuteMode;
	runOptions: RunOptions;
	record: RunRecord;
}

/**
 * Runs the workflow from `start` (the run data to go on with), or from its start node, as n8n's
 * WorkflowRunner does: a fresh Workflow from the JSON each time, as n8n loads it from its database.
 */
function runStretch(parts: ExecutionParts, start?: IRunExecutionData): Stretch {
	const { env, json, executionId, workflowId, mode, runOptions, record } = parts;
	const workflow = workflowOf(json, workflowId, env.nodeTypes);
	let settle: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => {
		settle = resolve;
	});
	const hooks = lifecycleHooks(
		mode,
		executionId,
		workflowDataOf(json, workflow),
		runOptions,
		record,
		settle,
	);
	const additionalData = additionalDataOf(
		env,
		runOptions,
		{ executionId, workflowId },
		hooks,
		record,
	);
	const webhookNode = webhookNodeOf(json.nodes);
	const startData =
		start ??
		(webhookNode && mode === 'webhook'
			? webhookStart(
					workflow,
					webhookNode,
					runOptions.webhook ?? { body: {} },
					additionalData.webhookBaseUrl,
				)
			: runOptions.triggerItems && triggerStart(workflow, runOptions.triggerItems));
	const execution = startData
		? new WorkflowExecute(additionalData, mode, startData).processRunExecutionData(workflow)
		: new WorkflowExecute(additionalData, mode).run({ workflow });
	execution.then(settle, (error: Error) => settle(crashedRun(mode, error)));
	return { cancel: () => execution.cancel(), finished };
}

/** As n8n's runWorkflow starts an execution from a trigger's emission: the trigger node's output. */
function triggerStart(workflow: Workflow, items: INodeExecutionData[]): IRunExecutionData {
	const trigger = workflow.getTriggerNodes()[0] ?? workflow.getPollNodes()[0];
	if (!trigger) throw new UserError('triggerItems: the workflow has no trigger node');
	return createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: trigger, data: { main: [items] }, source: null }],
		},
	});
}

/**
 * Starts `source` (a workflow file or its JSON) as execution `executionId`. An execution n8n parks
 * (a Wait of 65 s or more) goes on once `onWait` has returned, from its run data as n8n's database
 * would hand it back, when the caller gave `onWait`; otherwise it ends `waiting`.
 */
export function startExecution(
	env: ExecutionEnvironment,
	executionId: string,
	source: string | WorkflowJson,
	runOptions: RunOptions,
): RunningExecution {
	const json = readWorkflow(source);
	const workflowId = json.id ?? `engine-${randomUUID().slice(0, 8)}`;
	const webhookNode = webhookNodeOf(json.nodes);
	const mode: WorkflowExecuteMode =
		runOptions.mode ?? (webhookNode ? 'webhook' : runOptions.triggerItems ? 'trigger' : 'manual');
	const record: RunRecord = { messages: [], logs: [], executed: [], waits: [] };
	const listener: LogListener = (level, message, metadata) => {
		record.logs.push({ level, message });
		runOptions.onLog?.(level, message, metadata);
	};
	env.logger.listeners.add(listener);
	const parts: ExecutionParts = { env, json, executionId, workflowId, mode, runOptions, record };
	let current = runStretch(parts);
	const onAbort = () => current.cancel();
	runOptions.signal?.addEventListener('abort', onAbort, { once: true });
	if (runOptions.signal?.aborted) onAbort();

	const result = (async (): Promise<EngineRun> => {
		let run = await current.finished;
		while (run.status === 'waiting' && run.waitTill && runOptions.onWait) {
			record.waits.push(run.waitTill);
			await runOptions.onWait(run.waitTill);
			current = runStretch(parts, JSON.parse(JSON.stringify(run.data)) as IRunExecutionData);
			run = await current.finished;
		}
		runOptions.signal?.removeEventListener('abort', onAbort);
		env.logger.listeners.delete(listener);
		if (webhookNode && mode === 'webhook' && !record.webhookResponse)
			record.webhookResponse = webhookAnswer(webhookNode, run, record.executed);
		return engineRunOf(executionId, run, record);
	})();
	return { executionId, cancel: () => current.cancel(), result };
}
