/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// What the engine tests of examples/ share: an engine with this package's node (and any test-only
// nodes), a simulator on a virtual clock for each test (a 20 s render is waited for without
// waiting), an example run against it, and the checks every example's outputs get.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { IBinaryData, IDataObject, INodeType } from 'n8n-workflow';

import {
	startSimulator,
	type ContentVariant,
	type Simulator,
	type SimulatorOptions,
} from '../../simulator';
import {
	createEngine,
	loadPackage,
	readWorkflow,
	type BinaryDataMode,
	type Engine,
	type EngineCredentials,
	type EngineRun,
	type WorkflowJson,
} from '../../support/engine/engine';
import {
	EXAMPLE_SERVERS,
	pointedAtSimulator,
	type ExampleServer,
} from '../../support/example-servers';
import { createdIds } from '../../support/simulator-log';
import { VirtualClock } from '../support/virtual-clock';
import { defaultFileName, extensionOf } from '../support/file-names';

export const KEY = 'sk-engine-KEY-51f0c2-never-print-me';
export const RENDER_MS = 20_000;
export const NODE_TYPE = 'n8n-nodes-sora-videos.soraVideos';
export const TRIGGER_TYPE = 'n8n-nodes-sora-videos.soraVideosTrigger';
export const examplesDir = join(__dirname, '..', '..', 'examples');
export const exampleFiles = readdirSync(examplesDir)
	.filter((name) => name.endsWith('.json'))
	.sort();
export const WEBHOOK_BODY = {
	prompt: 'A lighthouse in a storm, waves crashing, lightning, cinematic wide shot',
};

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function variantOf(binary: IBinaryData): ContentVariant {
	if (binary.mimeType === 'video/mp4') return 'video';
	if (binary.mimeType === 'image/webp') return 'thumbnail';
	if (binary.mimeType === 'image/jpeg') return 'spritesheet';
	throw new Error(`unexpected MIME type ${binary.mimeType}`);
}

export function isMp4(bytes: Buffer): boolean {
	return bytes.toString('latin1', 4, 8) === 'ftyp';
}

/** A file a Sora Videos node put into the binary store. */
export interface StoredFile {
	node: string;
	id: string;
	variant: ContentVariant;
	bytes: Buffer;
}

export interface ExampleRuns {
	readonly engine: Engine;
	/** This test's simulator (renders take RENDER_MS on the virtual clock). */
	readonly sim: Simulator;
	readonly clock: VirtualClock;
	/** The Sora Videos credential for this test's simulator. */
	credentials(server?: string): EngineCredentials;
	/** examples/`file`, its requests to the default simulator address sent to this test's simulator. */
	readExample(file: string): WorkflowJson;
	/**
	 * Runs examples/`file` (a webhook example receives WEBHOOK_BODY) on the server it names
	 * (support/example-servers.ts), else on `on` (default: the openai profile, Server auto).
	 */
	runExample(file: string, on?: ExampleServer): Promise<{ workflow: WorkflowJson; run: EngineRun }>;
	checkSoraOutputs(workflow: WorkflowJson, run: EngineRun): Promise<{ files: StoredFile[] }>;
	/** The jobs this test's simulator created. */
	createdIds(): string[];
	/** Creates a job on this test's simulator and lets it finish; returns its id. */
	finishedJob(): Promise<string>;
}

/**
 * The file downloaded into one item, checked: in n8n's filesystem store with the exact bytes the
 * simulator served for that job and variant, and named after the job.
 */
async function checkStoredFile(
	runs: ExampleRuns,
	binary: IBinaryData | undefined,
	id: string,
): Promise<{ variant: ContentVariant; bytes: Buffer }> {
	const { engine, sim } = runs;
	expect(binary).toBeDefined();
	expect(binary!.id).toMatch(/^filesystem-v2:/);
	expect(binary!.data).toBe('filesystem-v2');
	const path = engine.binaryPath(binary!);
	expect(path.startsWith(engine.storagePath)).toBe(true);
	const bytes = await engine.readBinary(binary!);
	expect(statSync(path).size).toBe(bytes.length);
	expect(binary!.bytes).toBe(bytes.length);
	const variant = variantOf(binary!);
	expect(sha256(bytes)).toBe(await sim.expectedSha256(id, variant));
	expect(binary!.fileName).toMatch(defaultFileName(id, extensionOf[variant]));
	return { variant, bytes };
}

/**
 * The checks every example gets: the run succeeded, every Sora Videos item carries a job the
 * simulator created, Wait for Completion items are completed, and every file is in n8n's
 * filesystem store with the exact bytes the simulator served for that job and variant.
 */
async function checkSoraOutputs(
	runs: ExampleRuns,
	workflow: WorkflowJson,
	run: EngineRun,
): Promise<{ files: StoredFile[] }> {
	expect(run.nodeErrors()).toEqual({});
	expect(run.status).toBe('success');
	expect(run.finished).toBe(true);
	const created = new Set(runs.createdIds());
	const files: StoredFile[] = [];
	const ours = workflow.nodes.filter(
		(node) => node.type === NODE_TYPE || node.type === TRIGGER_TYPE,
	);
	for (const node of ours) {
		expect(run.executed).toContain(node.name);
		const items = run.items(node.name);
		expect(items.length).toBeGreaterThan(0);
		const operation = node.type === TRIGGER_TYPE ? 'trigger' : String(node.parameters.operation);
		const options = (node.parameters.options ?? {}) as IDataObject;
		const waits =
			operation === 'waitForCompletion' ||
			(operation === 'create' && options.waitForCompletion === true);
		const downloads =
			operation === 'download' ||
			(operation === 'create' && options.waitForCompletion === true) ||
			(['waitForCompletion', 'trigger'].includes(operation) && options.download === true);
		for (const [index, item] of items.entries()) {
			const id = String(item.json.id);
			expect(created.has(id)).toBe(true);
			// A trigger's items start the execution: they pair with nothing.
			if (operation !== 'trigger') expect(item.pairedItem).toEqual({ item: index });
			if (waits) expect(item.json.status).toBe('completed');
			if (!downloads) {
				expect(item.binary).toBeUndefined();
				continue;
			}
			const property = String(
				operation === 'download'
					? (node.parameters.binaryPropertyName ?? 'data')
					: (options.binaryPropertyName ?? 'data'),
			);
			files.push({
				node: node.name,
				id,
				...(await checkStoredFile(runs, item.binary?.[property], id)),
			});
		}
	}
	expect(runs.sim.schemaViolations()).toEqual([]);
	expect(JSON.stringify(run.run)).not.toContain(KEY);
	expect(JSON.stringify(run.logs)).not.toContain(KEY);
	return { files };
}

/** What useExampleRuns sets up besides the defaults. */
export interface ExampleRunsOptions {
	/** Test-only node types besides this package's node, by type name. */
	testNodes?: Record<string, INodeType>;
	/** n8n's binary-data mode; default `filesystem`. */
	binaryDataMode?: BinaryDataMode;
	/** Simulator options besides the key, the render time, the virtual clock and schema validation. */
	simulator?: Partial<SimulatorOptions>;
}

/**
 * Sets up an engine for the tests of the enclosing describe block (or file) with this package's
 * node and credential, and a fresh simulator on a virtual clock for each test.
 */
export function useExampleRuns(options: ExampleRunsOptions = {}): ExampleRuns {
	let engine: Engine;
	let clock: VirtualClock;
	let restoreClock: () => void;
	let sim: Simulator;
	beforeAll(async () => {
		const ours = loadPackage('source');
		engine = await createEngine({
			nodeTypes: { nodes: { ...ours.nodes, ...options.testNodes }, credentials: ours.credentials },
			binaryDataMode: options.binaryDataMode,
		});
	});
	afterAll(async () => {
		await engine.dispose();
		expect(existsSync(engine.folder)).toBe(false);
	});
	beforeEach(async () => {
		clock = new VirtualClock();
		restoreClock = clock.install();
		sim = await startSimulator({
			apiKey: KEY,
			renderMs: RENDER_MS,
			now: clock.now,
			validateRequests: true,
			validateResponses: true,
			...options.simulator,
		});
	});
	afterEach(async () => {
		restoreClock();
		await sim.stop();
	});
	const runs: ExampleRuns = {
		get engine() {
			return engine;
		},
		get sim() {
			return sim;
		},
		get clock() {
			return clock;
		},
		credentials: (server = 'auto') => ({
			soraVideosApi: { apiKey: KEY, baseUrl: sim.baseUrl, authHeader: 'bearer', server },
		}),
		readExample: (file) => pointedAtSimulator(readWorkflow(join(examplesDir, file)), sim.baseUrl),
		async runExample(file, on) {
			const target = EXAMPLE_SERVERS[file] ?? on;
			if (target) sim.configure({ profile: target.profile });
			const workflow = runs.readExample(file);
			// A polling trigger run by hand (the editor's Fetch Test Event) shows a finished job.
			if (workflow.nodes.some((node) => node.type === TRIGGER_TYPE)) await runs.finishedJob();
			const run = await engine.run(workflow, {
				credentials: runs.credentials(target?.server),
				webhook: { body: WEBHOOK_BODY },
				// n8n parks an execution at a Wait of 65 s or more: that time passes on the virtual clock.
				onWait: (waitTill) => clock.advance(Math.max(0, waitTill.getTime() - Date.now())),
			});
			return { workflow, run };
		},
		async finishedJob() {
			const response = await fetch(`${sim.baseUrl}/videos`, {
				method: 'POST',
				headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
				body: JSON.stringify({ prompt: 'A finished job', model: 'sora-2', seconds: '4' }),
			});
			const { id } = (await response.json()) as { id: string };
			clock.advance(RENDER_MS * 2);
			return id;
		},
		checkSoraOutputs: (workflow, run) => checkSoraOutputs(runs, workflow, run),
		createdIds: () => createdIds(sim),
	};
	return runs;
}
