// The Sora Videos Trigger's poll() with the contexts n8n gives it, and n8n's rules for its state:
// one context per activation, reused by every poll of it; the node's static data saved at
// activation and after each poll that emits, not after a poll that emits nothing (n8n 2.40.7,
// docs/trigger.md). A restart starts a new context from what was saved.
import type {
	IDataObject,
	INode,
	IHttpRequestOptions,
	INodeExecutionData,
	IPollFunctions,
	WorkflowActivateMode,
} from 'n8n-workflow';

import { SoraVideosTrigger } from '../../nodes/SoraVideosTrigger/SoraVideosTrigger.node';
import { httpHelpers } from './node-context';

export const triggerNode: INode = {
	id: 'sora-videos-trigger-test',
	name: 'Sora Videos Trigger',
	type: 'n8n-nodes-sora-videos.soraVideosTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface TriggerOptions {
	parameters?: IDataObject;
	credentials: IDataObject;
	/** How n8n activated the workflow: 'activate' (the user turned it on), 'init' (n8n started). */
	activation?: WorkflowActivateMode;
	/** Told of each request the trigger sends with the credential, before it goes out. */
	onRequest?: (request: IHttpRequestOptions) => void;
}

export interface Trigger {
	/** One poll of the active workflow: the items of the execution it starts, or null. */
	poll(): Promise<INodeExecutionData[] | null>;
	/** The editor's "Fetch Test Event". */
	test(): Promise<INodeExecutionData[] | null>;
	/** n8n stops and starts again: a new context (activation 'init') from the saved static data. */
	restart(): void;
	/**
	 * n8n is killed (SIGKILL) right after the last poll's execution started, before its static
	 * data reached the database, and starts again.
	 */
	crashBeforeSave(): void;
	/** The user deactivates and activates the workflow again (activation 'activate'). */
	reactivate(): void;
	/** The node's static data as n8n's database holds it. */
	saved(): IDataObject;
	/** The node's static data in memory. */
	live(): IDataObject;
	/** Bytes of every file the trigger stored, by binary id. */
	files: Map<string, Buffer>;
	logs: string[];
	fileOf(item: INodeExecutionData, property?: string): Buffer;
}

/** The job ids of a poll's items, in order (none for a poll that emits nothing). */
export const emittedIds = (items: INodeExecutionData[] | null) =>
	(items ?? []).map((item) => item.json.id);

const copy = (data: IDataObject) => JSON.parse(JSON.stringify(data)) as IDataObject;

export function trigger(options: TriggerOptions): Trigger {
	const files = new Map<string, Buffer>();
	const logs: string[] = [];
	const parameters: IDataObject = { event: 'finished', options: {}, ...options.parameters };
	const log = (level: string) => (message: string) => logs.push(`${level}: ${message}`);
	const http = httpHelpers(options.credentials, files);
	const helpers = {
		...http,
		async httpRequestWithAuthentication(
			this: ThisParameterType<typeof http.httpRequestWithAuthentication>,
			type: string,
			request: IHttpRequestOptions,
		) {
			options.onRequest?.(request);
			return await http.httpRequestWithAuthentication.call(this, type, request);
		},
	};
	let saved: IDataObject = {};
	let savedBefore: IDataObject = {};
	let live: IDataObject = {};
	const contextFor = (mode: 'manual' | 'trigger', activation: WorkflowActivateMode) =>
		({
			getNode: () => triggerNode,
			getMode: () => mode,
			getActivationMode: () => activation,
			getWorkflowStaticData: () => live,
			logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
			getCredentials: async () => ({ ...options.credentials }),
			getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
			helpers,
		}) as unknown as IPollFunctions;
	const node = new SoraVideosTrigger();
	let context: IPollFunctions;
	let activating: boolean;
	const activate = (activation: WorkflowActivateMode) => {
		live = copy(saved);
		context = contextFor('trigger', activation);
		activating = true;
	};
	activate(options.activation ?? 'activate');
	return {
		async poll() {
			const output = await node.poll.call(context);
			// n8n saves the static data after the activation's poll and with every emission.
			savedBefore = saved;
			if (activating || output) saved = copy(live);
			activating = false;
			return output?.[0] ?? null;
		},
		async test() {
			const output = await node.poll.call(contextFor('manual', 'manual'));
			return output?.[0] ?? null;
		},
		restart: () => activate('init'),
		crashBeforeSave() {
			saved = savedBefore;
			activate('init');
		},
		reactivate: () => activate('activate'),
		saved: () => saved,
		live: () => live,
		files,
		logs,
		fileOf(item, property = 'data') {
			const binary = item.binary?.[property];
			if (!binary?.id) throw new Error(`item has no stored file in "${property}"`);
			return files.get(binary.id)!;
		},
	};
}
