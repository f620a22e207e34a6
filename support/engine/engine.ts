/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
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
// HTTP server, its wait tracker and trigger activation (poll.ts and `onWait` stand in), and the
// n8n-nodes-base nodes the examples use (stand-ins in ./stand-ins.ts: Manual Trigger, Code,
// Webhook, Respond to Webhook, Sticky Note; ./flow-stand-ins.ts: Schedule Trigger, Wait, If,
// Stop and Error). The real ones run in the end-to-end suite (`npm run test:e2e`).
//
// This file sets the engine up and is the harness's one entry point; the pieces live next to it:
// workflow-files.ts, package-types.ts (loadPackage), credentials.ts, logger.ts, binary-data.ts
// (the three binary-data modes), execution.ts (one run) with hooks.ts and webhook.ts, and
// run-types.ts (RunOptions, EngineRun).
//
// Usage:
//   const engine = await createEngine({ nodeTypes: loadPackage('source') });
//   const run = await engine.run(workflowJson, { credentials: { soraVideosApi: { apiKey, baseUrl } } });
//   run.status                        // 'success' | 'error' | 'canceled' | …
//   run.items('Finished MP4')  // output items: json, binary metadata, pairedItem
//   await engine.readBinary(run.items('Finished MP4')[0].binary!.data)  // the bytes
//   const execution = engine.start(workflowJson, options); execution.cancel(); await execution.result;
//   await engine.dispose();           // removes the temporary folder
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { ErrorReporter, InstanceSettings } from 'n8n-core';
import type { IBinaryData, ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { Expression, LoggerProxy } from 'n8n-workflow';

import { registerBinaryData, storedId, type BinaryDataMode } from './binary-data';
import { startExecution } from './execution';
import { activateWorkflow, type ActivateOptions, type ActiveWorkflow } from './poll';
import { HarnessLogger } from './logger';
import { NodeTypes, type PackageTypes } from './package-types';
import type { EngineRun, RunningExecution, RunOptions } from './run-types';
import { standInNodeTypes } from './stand-ins';
import type { WorkflowJson } from './workflow-files';

export type { BinaryDataMode } from './binary-data';
export type { EngineCredentials } from './credentials';
export type { LogLevel, LogListener } from './logger';
export { loadPackage, type PackageTypes } from './package-types';
export type { ActivateOptions, ActiveWorkflow } from './poll';
export type {
	EngineRun,
	RunningExecution,
	RunOptions,
	UiMessage,
	WebhookRequest,
	WebhookResponse,
} from './run-types';
export { readWorkflow, type WorkflowJson, type WorkflowNodeJson } from './workflow-files';

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
	 * queue-mode default; see binary-data.ts).
	 */
	binaryDataMode?: BinaryDataMode;
}

export interface Engine {
	folder: string;
	/** The binary-data store's root (n8n's N8N_BINARY_DATA_STORAGE_PATH). */
	storagePath: string;
	start(workflow: string | WorkflowJson, options: RunOptions): RunningExecution;
	run(workflow: string | WorkflowJson, options: RunOptions): Promise<EngineRun>;
	/** The workflow's polling trigger as n8n polls it once the workflow is active (poll.ts). */
	activate(workflow: string | WorkflowJson, options: ActivateOptions): ActiveWorkflow;
	/** The bytes of a binary property, read from the store the way nodes read them. */
	readBinary(binary: IBinaryData): Promise<Buffer>;
	binaryStream(binary: IBinaryData): Promise<Readable>;
	/** The file behind a stored binary property. */
	binaryPath(binary: IBinaryData): string;
	dispose(): Promise<void>;
}

let active: Engine | undefined;

/**
 * n8n-core's services in the global container: a logger that forwards to the runs' listeners, a
 * quiet error reporter and the instance settings of a user folder under `folder`.
 */
function registerServices(folder: string, n8nFolder: string): HarnessLogger {
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
	return logger;
}

/**
 * Registers n8n-core's services in @n8n/di's Container (one engine per process at a time: n8n-core
 * reads them from the global Container): instance settings and a binary-data store under a
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
	const logger = registerServices(folder, n8nFolder);
	const binaryData = await registerBinaryData(
		options.binaryDataMode ?? 'filesystem',
		storagePath,
		logger as unknown as Logger,
	);
	const environment = {
		nodeTypes: new NodeTypes({ ...standInNodeTypes(), ...options.nodeTypes.nodes }),
		credentialTypes: options.nodeTypes.credentials,
		logger,
	};
	let executions = 0;
	const running = new Set<Promise<unknown>>();
	const start = (source: string | WorkflowJson, runOptions: RunOptions): RunningExecution => {
		const execution = startExecution(environment, String(++executions), source, runOptions);
		running.add(execution.result);
		void execution.result.finally(() => running.delete(execution.result));
		return execution;
	};

	const engine: Engine = {
		folder,
		storagePath,
		start,
		run: async (workflow, runOptions) => await start(workflow, runOptions).result,
		activate: (workflow, activateOptions) =>
			activateWorkflow(environment, workflow, activateOptions),
		readBinary: async (binary) => await binaryData.getAsBuffer(binary),
		binaryStream: async (binary) => await binaryData.getAsStream(storedId(binary)),
		binaryPath: (binary) => binaryData.getPath(storedId(binary)),
		dispose: async () => {
			await Promise.allSettled([...running]);
			if (ownsFolder) rmSync(folder, { recursive: true, force: true });
			if (active === engine) active = undefined;
		},
	};
	active = engine;
	return engine;
}
