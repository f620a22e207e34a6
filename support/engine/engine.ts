// Engine harness: runs a workflow JSON file through n8n-core's real WorkflowExecute (the engine
// inside n8n) with this package's node and credential, a filesystem binary-data store in a
// temporary folder and credentials supplied by the caller. Used by the engine tests
// (test/engine/) and by `npm run demo` (scripts/demo.ts).
//
// What is real here: n8n-core 2.40.3's WorkflowExecute, ExecuteContext (parameters, expressions,
// `this.helpers.*`, getCredentials, getExecutionCancelSignal, sendMessageToUI, logger), its
// httpRequestWithAuthentication and OutboundHttp client, and its BinaryDataService in
// filesystem mode; n8n-workflow's Workflow and expression evaluator (the in-process "legacy"
// engine, which n8n-workflow 2.40.1 uses unless Expression.initExpressionEngine({engine: 'vm'})
// is called: no isolated-vm needed).
//
// What is not: n8n's database, its CredentialsHelper (replaced by a small one that applies the
// credential type's `authenticate`, generic or function, and fills defaults like n8n does), its
// HTTP server, and the five n8n-nodes-base nodes the examples use (stand-ins in
// ./stand-ins.ts: Manual Trigger, Code, Webhook, Respond to Webhook, Sticky Note). The real
// ones run in the end-to-end suite (`npm run test:e2e`).
//
// Usage:
//   const engine = await createEngine({ nodeTypes: loadPackage('source') });
//   const run = await engine.run(workflowJson, { credentials: { soraVideosApi: { apiKey, baseUrl } } });
//   run.status                        // 'success' | 'error' | 'canceled' | …
//   run.items('Wait for Completion')  // output items: json, binary metadata, pairedItem
//   await engine.readBinary(run.items('Wait for Completion')[0].binary!.data)  // the bytes
//   const execution = engine.start(workflowJson, options); execution.cancel(); await execution.result;
//   await engine.dispose();           // removes the temporary folder
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { Logger } from '@n8n/backend-common';
import { binaryToBuffer } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	ErrorReporter,
	ExecutionLifecycleHooks,
	InstanceSettings,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionStatus,
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsHelper,
	IDataObject,
	IExecuteResponsePromiseData,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	ITaskData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IConnections,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	Expression,
	LoggerProxy,
	NodeHelpers,
	UserError,
	Workflow,
} from 'n8n-workflow';

import { standInNodeTypes } from './stand-ins';

const ROOT = join(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------
// Workflow files

export interface WorkflowNodeJson {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: IDataObject;
	credentials?: Record<string, { id: string | null; name: string }>;
	disabled?: boolean;
	webhookId?: string;
	[key: string]: unknown;
}

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: WorkflowNodeJson[];
	connections: IConnections;
	settings?: IDataObject;
	pinData?: IDataObject;
	staticData?: IDataObject;
	[key: string]: unknown;
}

/** A workflow file (a path, absolute or relative to the repository) or its parsed JSON. */
export function readWorkflow(source: string | WorkflowJson): WorkflowJson {
	if (typeof source !== 'string') return JSON.parse(JSON.stringify(source)) as WorkflowJson;
	const path = source.startsWith('/') ? source : join(ROOT, source);
	return JSON.parse(readFileSync(path, 'utf8')) as WorkflowJson;
}

// ---------------------------------------------------------------------------------------------
// This package's node and credential types, loaded the way n8n finds them: package.json's "n8n" block

export interface PackageTypes {
	packageName: string;
	/** By full type name, e.g. n8n-nodes-sora-videos.soraVideos. */
	nodes: Record<string, INodeType | IVersionedNodeType>;
	/** By credential type name, e.g. soraVideosApi. */
	credentials: Record<string, ICredentialType>;
}

function instancesOf<T>(exports: Record<string, unknown>, file: string): T[] {
	const found = Object.values(exports)
		.filter(
			(value): value is new () => T =>
				typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value)),
		)
		.map((Class) => new Class());
	if (found.length === 0) throw new Error(`${file} exports no class`);
	return found;
}

/**
 * Loads the node and credential classes listed in package.json → n8n. `dist` loads the compiled
 * files (run `npm run build` first); `source` loads the TypeScript next to them (for jest and tsx,
 * which compile .ts on require).
 */
export function loadPackage(from: 'source' | 'dist' = 'source', root = ROOT): PackageTypes {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		name: string;
		n8n: { nodes: string[]; credentials: string[] };
	};
	const resolve = (file: string) =>
		join(root, from === 'dist' ? file : file.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const types: PackageTypes = { packageName: manifest.name, nodes: {}, credentials: {} };
	for (const file of manifest.n8n.nodes) {
		for (const node of instancesOf<INodeType | IVersionedNodeType>(
			require(resolve(file)) as Record<string, unknown>,
			file,
		)) {
			types.nodes[`${manifest.name}.${node.description.name}`] = node;
		}
	}
	for (const file of manifest.n8n.credentials) {
		for (const credential of instancesOf<ICredentialType>(
			require(resolve(file)) as Record<string, unknown>,
			file,
		)) {
			types.credentials[credential.name] = credential;
		}
	}
	return types;
}

// ---------------------------------------------------------------------------------------------
// Node types

class NodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type)
			throw new UserError(`Unrecognized node type: ${nodeType}`, {
				extra: { known: Object.keys(this.types) },
			});
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const type = NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
		const supported = ([] as number[]).concat(type.description.version);
		if (version !== undefined && !supported.includes(version)) {
			throw new UserError(
				`Node type ${nodeType} has no version ${version} (known: ${supported.join(', ')})`,
			);
		}
		return type;
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, {}]));
	}
}

// ---------------------------------------------------------------------------------------------
// Credentials

/**
 * Decrypted credential data by credential type (e.g. `{ soraVideosApi: { apiKey, baseUrl } }`);
 * every node that references a credential of that type gets it, whatever its id or name.
 */
export type EngineCredentials = Record<string, ICredentialDataDecryptedObject>;

/**
 * n8n's CredentialsHelper, reduced to what nodes use at run time: getDecrypted (the caller's data
 * with the credential type's defaults filled in, as n8n does) and authenticate (the type's
 * `authenticate`: generic headers/qs/body/auth with `={{$credentials…}}` expressions, or a function).
 */
class HarnessCredentialsHelper implements ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly supplied: EngineCredentials,
		private readonly nodeTypes: INodeTypes,
	) {}

	private type(name: string): ICredentialType {
		const type = this.types[name];
		if (!type) throw new UserError(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types[name]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (authenticate === undefined) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) => {
			if (typeof value !== 'string' || !value.startsWith('=')) return value;
			const context =
				workflow ??
				new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: this.nodeTypes });
			const contextNode =
				node ??
				({
					name: 'credential',
					type: 'credential',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
					id: 'credential',
				} as INode);
			return context.expression.getSimpleParameterValue(
				contextNode,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
		};
		const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
		requestOptions.headers ??= {};
		for (const [outerKey, values] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries((values ?? {}) as IDataObject)) {
				options[outerKey] ??= {};
				options[outerKey][String(resolve(key))] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new UserError(
			'The engine harness holds no encrypted credentials (getCredentials is not supported)',
		);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.supplied[type];
		if (!data) {
			throw new UserError(
				`Credential with ID "${nodeCredentials.id ?? ''}" does not exist for type "${type}" (the harness was given: ${Object.keys(this.supplied).join(', ') || 'none'})`,
			);
		}
		// n8n's CredentialsHelper.applyDefaultsAndOverwrites: defaults of the type's properties.
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			{ ...data } as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return { ...(withDefaults as ICredentialDataDecryptedObject), ...data };
	}

	getCredentialsProperties(type: string) {
		return this.type(type).properties;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

// ---------------------------------------------------------------------------------------------
// Logging

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogListener = (level: LogLevel, message: string, metadata?: IDataObject) => void;

/** Stands in for n8n's Logger service (what `this.logger` is in a node); forwards to listeners. */
class HarnessLogger {
	readonly listeners = new Set<LogListener>();

	private emit(level: LogLevel, message: string, metadata?: IDataObject) {
		for (const listener of this.listeners) listener(level, message, metadata);
	}

	error = (message: string, metadata?: IDataObject) => this.emit('error', message, metadata);
	warn = (message: string, metadata?: IDataObject) => this.emit('warn', message, metadata);
	info = (message: string, metadata?: IDataObject) => this.emit('info', message, metadata);
	debug = (message: string, metadata?: IDataObject) => this.emit('debug', message, metadata);
	scoped = () => this;
}

// ---------------------------------------------------------------------------------------------
// Runs

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
	/** What the webhook's caller would have received (webhook-triggered workflows). */
	webhookResponse?: WebhookResponse;
}

export interface RunningExecution {
	executionId: string;
	/** Stops the execution as n8n's Stop button does: status 'canceled', the cancel signal aborts. */
	cancel(): void;
	result: Promise<EngineRun>;
}

export interface EngineOptions {
	/** Node types besides the stand-ins, by full type name (e.g. from loadPackage()). */
	nodeTypes:
		| PackageTypes
		| {
				nodes: Record<string, INodeType | IVersionedNodeType>;
				credentials: Record<string, ICredentialType>;
		  };
	/** Folder for n8n's user folder and binary store; default: a new temporary folder, removed by dispose(). */
	folder?: string;
	/**
	 * n8n's N8N_DEFAULT_BINARY_DATA_MODE: `filesystem` (default here), `default` (in memory: the
	 * bytes travel base64-encoded in the item, n8n 1.x's default) or `database` (n8n 2.x's
	 * queue-mode default; see DatabaseBinaryStore).
	 */
	binaryDataMode?: BinaryDataMode;
}

export type BinaryDataMode = 'default' | 'filesystem' | 'database';

/**
 * n8n's `database` binary-data mode in process. n8n's own manager lives in the n8n package (with
 * TypeORM), out of reach of n8n-core; like it, this one reads the node's stream with
 * @n8n/backend-network's binaryToBuffer (listeners on 'data', nothing else) before it writes the
 * row, so a node's stream behaves here as it does there. The "table" is a Map.
 */
class DatabaseBinaryStore {
	private readonly rows = new Map<
		string,
		{ bytes: Buffer; metadata: { fileName?: string; mimeType?: string } }
	>();

	async init(): Promise<void> {}

	async store(
		_location: unknown,
		bufferOrStream: Buffer | Readable,
		metadata: { fileName?: string; mimeType?: string },
	) {
		const bytes = await binaryToBuffer(bufferOrStream);
		const fileId = randomUUID();
		this.rows.set(fileId, { bytes, metadata });
		return { fileId, fileSize: bytes.length };
	}

	getPath(fileId: string): string {
		return `database:${fileId}`;
	}

	async getAsBuffer(fileId: string): Promise<Buffer> {
		return this.row(fileId).bytes;
	}

	async getAsStream(fileId: string): Promise<Readable> {
		return Readable.from([this.row(fileId).bytes]);
	}

	async getMetadata(fileId: string) {
		const { bytes, metadata } = this.row(fileId);
		return { ...metadata, fileSize: bytes.length };
	}

	private row(fileId: string) {
		const row = this.rows.get(fileId);
		if (!row) throw new Error(`no binary data row ${fileId}`);
		return row;
	}
}

export interface Engine {
	folder: string;
	/** The binary-data store's root (n8n's N8N_BINARY_DATA_STORAGE_PATH). */
	storagePath: string;
	start(workflow: string | WorkflowJson, options: RunOptions): RunningExecution;
	run(workflow: string | WorkflowJson, options: RunOptions): Promise<EngineRun>;
	/** The bytes of a binary property, read from the store the way nodes read them. */
	readBinary(binary: IBinaryData): Promise<Buffer>;
	binaryStream(binary: IBinaryData): Promise<Readable>;
	/** The file behind a stored binary property. */
	binaryPath(binary: IBinaryData): string;
	dispose(): Promise<void>;
}

let active: Engine | undefined;

/**
 * Registers n8n-core's services in @n8n/di's Container (one engine per process at a time: n8n-core
 * reads them from the global Container): instance settings and a filesystem binary store under a
 * temporary folder, a logger that forwards to the runs' listeners, a quiet error reporter.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
	if (active)
		throw new Error(
			'An engine is already set up in this process: dispose() it first (n8n-core keeps its services in one global container)',
		);
	const ownsFolder = options.folder === undefined;
	const folder = options.folder ?? mkdtempSync(join(tmpdir(), 'sora-engine-'));
	const n8nFolder = join(folder, '.n8n');
	const storagePath = join(n8nFolder, 'storage');

	// The in-process expression evaluator (n8n-workflow's default); the VM engine would need isolated-vm.
	Expression.setExpressionEngine('legacy');

	const logger = new HarnessLogger();
	Container.set(Logger, logger as unknown as Logger);
	LoggerProxy.init(logger as unknown as Parameters<typeof LoggerProxy.init>[0]);
	Container.set(ErrorReporter, {
		error: (error: unknown) =>
			logger.error(`error reporter: ${String((error as Error)?.message ?? error)}`),
		warn: () => {},
		info: () => {},
	} as unknown as ErrorReporter);

	const instanceSettings = new InstanceSettings(
		{
			n8nFolder,
			userHome: folder,
			encryptionKey: 'sora-engine-harness',
			enforceSettingsFilePermissions: false,
		} as unknown as ConstructorParameters<typeof InstanceSettings>[0],
		logger as unknown as Logger,
	);
	Container.set(InstanceSettings, instanceSettings);

	const binaryDataMode = options.binaryDataMode ?? 'filesystem';
	const binaryConfig = {
		mode: binaryDataMode,
		availableModes: ['filesystem', 'database'],
		localStoragePath: storagePath,
		signingSecret: 'sora-engine-harness',
		dbMaxFileSize: 512,
	} as unknown as BinaryDataConfig;
	Container.set(BinaryDataConfig, binaryConfig);
	const binaryData = new BinaryDataService(
		binaryConfig,
		Container.get(ErrorReporter),
		logger as unknown as Logger,
	);
	await binaryData.init();
	binaryData.setManager(
		'database',
		new DatabaseBinaryStore() as unknown as Parameters<BinaryDataService['setManager']>[1],
	);
	Container.set(BinaryDataService, binaryData);

	const nodeTypes = new NodeTypes({ ...standInNodeTypes(), ...options.nodeTypes.nodes });
	const credentialTypes = options.nodeTypes.credentials;
	let executions = 0;
	const running = new Set<Promise<unknown>>();

	const start = (source: string | WorkflowJson, runOptions: RunOptions): RunningExecution => {
		const json = readWorkflow(source);
		const executionId = String(++executions);
		const workflowId = json.id ?? `engine-${randomUUID().slice(0, 8)}`;
		const workflow = new Workflow({
			id: workflowId,
			name: json.name ?? 'workflow',
			nodes: json.nodes as unknown as INode[],
			connections: json.connections,
			active: false,
			nodeTypes,
			staticData: json.staticData,
			settings: { executionOrder: 'v1', ...(json.settings ?? {}) },
		});
		const webhookNode = json.nodes.find(
			(node) => node.type === 'n8n-nodes-base.webhook' && !node.disabled,
		);
		const mode: WorkflowExecuteMode = runOptions.mode ?? (webhookNode ? 'webhook' : 'manual');

		const messages: UiMessage[] = [];
		const logs: EngineRun['logs'] = [];
		const executed: string[] = [];
		let webhookResponse: WebhookResponse | undefined;
		const listener: LogListener = (level, message, metadata) => {
			logs.push({ level, message });
			runOptions.onLog?.(level, message, metadata);
		};
		logger.listeners.add(listener);

		const workflowData: IWorkflowBase = {
			id: workflowId,
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
		const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
		let settle: (run: IRun) => void = () => {};
		const finished = new Promise<IRun>((resolve) => {
			settle = resolve;
		});
		hooks.addHandler('nodeExecuteBefore', (nodeName) => {
			executed.push(nodeName);
			runOptions.onNodeStart?.(nodeName);
		});
		hooks.addHandler('nodeExecuteAfter', (nodeName, data) =>
			runOptions.onNodeFinish?.(nodeName, data),
		);
		hooks.addHandler('sendResponse', (response: IExecuteResponsePromiseData) => {
			const responder = executed[executed.length - 1] ?? 'Respond to Webhook';
			webhookResponse ??= {
				statusCode: Number(response.statusCode ?? 200),
				headers: (response.headers ?? {}) as Record<string, string>,
				body: response.body,
				from: responder,
			};
		});
		// n8n resolves an execution from this hook: it fires at the end, and at once on cancel.
		hooks.addHandler('workflowExecuteAfter', (run) => settle(run));

		const additionalData = {
			credentialsHelper: new HarnessCredentialsHelper(
				credentialTypes,
				runOptions.credentials,
				nodeTypes,
			),
			executeWorkflow: async () => {
				throw new UserError('Sub-workflows are not supported by the engine harness');
			},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			executionId,
			workflowId,
			currentNodeExecutionIndex: 0,
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
			variables: {},
			hooks,
			logAiEvent: () => {},
			sendDataToUI: (type: string, data: IDataObject | IDataObject[]) => {
				if (type !== 'sendConsoleMessage' || Array.isArray(data)) return;
				const message: UiMessage = {
					source: String(data.source ?? ''),
					messages: (data.messages as unknown[]) ?? [],
				};
				messages.push(message);
				runOptions.onMessage?.(message);
			},
			startRunnerTask: async () => {
				throw new UserError(
					'Task runners are not available in the engine harness (the Code stand-in runs code itself)',
				);
			},
		} as unknown as IWorkflowExecuteAdditionalData;

		let execution: ReturnType<WorkflowExecute['run']>;
		if (webhookNode && mode === 'webhook') {
			// As n8n's webhook handling does: the Webhook node's output becomes its input, then the run goes on.
			const request = runOptions.webhook ?? { body: {} };
			const path = String(webhookNode.parameters.path ?? webhookNode.webhookId ?? '');
			const item: INodeExecutionData = {
				json: {
					headers: { 'content-type': 'application/json', ...(request.headers ?? {}) },
					params: request.params ?? {},
					query: request.query ?? {},
					body: (request.body ?? {}) as IDataObject,
					webhookUrl: `${additionalData.webhookBaseUrl}/${path}`,
					executionMode: 'production',
				},
			};
			const runExecutionData: IRunExecutionData = createRunExecutionData({
				executionData: {
					nodeExecutionStack: [
						{ node: workflow.getNode(webhookNode.name)!, data: { main: [[item]] }, source: null },
					],
				},
			});
			execution = new WorkflowExecute(
				additionalData,
				mode,
				runExecutionData,
			).processRunExecutionData(workflow);
		} else {
			execution = new WorkflowExecute(additionalData, mode).run({ workflow });
		}
		execution.then(settle, (error: Error) =>
			settle({
				status: 'crashed',
				finished: false,
				mode,
				startedAt: new Date(),
				storedAt: 'db',
				data: createRunExecutionData({
					resultData: { error: { message: error.message, stack: error.stack } as never },
				}),
			} as unknown as IRun),
		);
		const onAbort = () => execution.cancel();
		runOptions.signal?.addEventListener('abort', onAbort, { once: true });
		if (runOptions.signal?.aborted) onAbort();

		const result = finished.then((run): EngineRun => {
			runOptions.signal?.removeEventListener('abort', onAbort);
			logger.listeners.delete(listener);
			const runData = run.data.resultData.runData;
			if (webhookNode && mode === 'webhook' && !webhookResponse) {
				webhookResponse = webhookAnswer(webhookNode, run, executed);
			}
			return {
				executionId,
				status: run.status,
				finished: run.finished === true,
				error: run.data.resultData.error,
				run,
				executed,
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
				messages,
				logs,
				webhookResponse,
			};
		});
		running.add(result);
		void result.finally(() => running.delete(result));
		return { executionId, cancel: () => execution.cancel(), result };
	};

	const engine: Engine = {
		folder,
		storagePath,
		start,
		run: async (workflow, runOptions) => await start(workflow, runOptions).result,
		readBinary: async (binary) => await binaryData.getAsBuffer(binary),
		binaryStream: async (binary) => {
			if (!binary.id)
				throw new Error(
					'binary property has no id: it is held inline (base64 in data), not in the store',
				);
			return await binaryData.getAsStream(binary.id);
		},
		binaryPath: (binary) => {
			if (!binary.id)
				throw new Error(
					'binary property has no id: it is held inline (base64 in data), not in the store',
				);
			return binaryData.getPath(binary.id);
		},
		dispose: async () => {
			await Promise.allSettled([...running]);
			if (ownsFolder) rmSync(folder, { recursive: true, force: true });
			if (active === engine) active = undefined;
		},
	};
	active = engine;
	return engine;
}

/** Webhook responseMode onReceived / lastNode, as n8n answers them (responseNode answers come from the hook). */
function webhookAnswer(
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
