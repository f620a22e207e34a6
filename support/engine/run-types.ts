// What a run of the engine harness takes (RunOptions) and gives back (EngineRun, RunningExecution).
import type {
	ExecutionStatus,
	INodeExecutionData,
	IRun,
	ITaskData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { EngineCredentials } from './credentials';
import type { LogLevel, LogListener } from './logger';

/** What the caller "sends" to a webhook-triggered workflow. */
export interface WebhookRequest {
	body?: unknown;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	params?: Record<string, string>;
}

/** The answer n8n would send to the webhook's caller. */
export interface WebhookResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
	/** Which node produced it: the Respond to Webhook node's name, the last node, or the Webhook node. */
	from: string;
}

export interface UiMessage {
	/** `[Node: "Wait for Completion"]`, as n8n labels it in the browser console. */
	source: string;
	messages: unknown[];
}

export interface RunOptions {
	/** Credential data by credential type. */
	credentials: EngineCredentials;
	/**
	 * n8n's execution mode. Default: 'webhook' when the workflow starts with a Webhook node, else
	 * 'manual' (a click on "Execute workflow": the mode in which nodes' sendMessageToUI is shown).
	 */
	mode?: WorkflowExecuteMode;
	/** The request a webhook-triggered workflow receives. Default: `{ body: {} }`. */
	webhook?: WebhookRequest;
	/** Cancels the execution (as the Stop button does) when aborted. */
	signal?: AbortSignal;
	/** sendMessageToUI calls (n8n shows them in the browser console), as they happen. */
	onMessage?: (message: UiMessage) => void;
	/**
	 * Everything nodes and n8n-core log (this.logger, LoggerProxy), as it happens. n8n's logger is a
	 * process-wide service: while two runs overlap, each sees the other's lines too.
	 */
	onLog?: LogListener;
	onNodeStart?: (nodeName: string) => void;
	onNodeFinish?: (nodeName: string, data: ITaskData) => void;
	/**
	 * Starts the run as n8n does from a trigger's emission (a polling trigger's poll()): these items
	 * are the trigger node's output, mode 'trigger'.
	 */
	triggerItems?: INodeExecutionData[];
	/**
	 * Called when n8n parks the execution (a Wait of 65 s or more, `waiting` in n8n's database);
	 * once it returns, the execution goes on as n8n's wait tracker resumes it. Without it the run
	 * ends with status `waiting`.
	 */
	onWait?: (waitTill: Date) => void | Promise<void>;
}

export interface EngineRun {
	executionId: string;
	/** n8n's execution status: 'success', 'error', 'canceled', … */
	status: ExecutionStatus;
	finished: boolean;
	/** The execution's error (the failing node's error), when it failed. */
	error?: IRun['data']['resultData']['error'];
	/** The raw IRun n8n-core returned. */
	run: IRun;
	/** Node names in the order they ran. */
	executed: string[];
	/** Output items of a node (first run, first output unless told). */
	items(nodeName: string, options?: { runIndex?: number; output?: number }): INodeExecutionData[];
	/** The failing node's error, by node name, for every node that failed. */
	nodeErrors(): Record<string, string>;
	messages: UiMessage[];
	logs: Array<{ level: LogLevel; message: string }>;
	/** When n8n parked the execution until, in order (each a stretch `waiting` in its database). */
	waits: Date[];
	/** What the webhook's caller would have received (webhook-triggered workflows). */
	webhookResponse?: WebhookResponse;
}

export interface RunningExecution {
	executionId: string;
	/** Stops the execution as n8n's Stop button does: status 'canceled', the cancel signal aborts. */
	cancel(): void;
	result: Promise<EngineRun>;
}

/** What a run records as it goes, for its EngineRun. */
export interface RunRecord {
	messages: UiMessage[];
	logs: EngineRun['logs'];
	executed: string[];
	waits: Date[];
	webhookResponse?: WebhookResponse;
}
