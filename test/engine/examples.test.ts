// Every workflow in examples/ runs through n8n-core's real engine (WorkflowExecute, see
// test/engine/harness/engine.ts) with this package's node and credential, against the simulator over real
// HTTP on 127.0.0.1, on a virtual clock (a 20 s render is waited for without waiting). The outputs
// are checked against what the simulator served. The n8n-nodes-base nodes around ours (Manual
// Trigger, Code, Webhook, Respond to Webhook, Sticky Note) are the harness's stand-ins; the real
// ones run the same files in `npm run test:e2e`.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { inflateSync } from 'node:zlib';

import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	createEngine,
	loadPackage,
	readWorkflow,
	type Engine,
	type EngineRun,
	type WorkflowJson,
} from '../../support/engine/engine';
import {
	imageInfo,
	makePng,
	startSimulator,
	type ContentVariant,
	type ServerProfile,
	type Simulator,
} from '../../simulator';
import { DEFAULT_SERVED_MODEL } from '../../simulator/options';
import { transportSettings } from '../../nodes/SoraVideos/transport';
import { eventLoopTurnsUntil } from '../support/event-loop';
import { VirtualClock } from '../support/virtual-clock';

const KEY = 'sk-engine-KEY-51f0c2-never-print-me';
const RENDER_MS = 20_000;
const NODE_TYPE = 'n8n-nodes-sora-videos.soraVideos';
const examplesDir = join(__dirname, '..', '..', 'examples');
const exampleFiles = readdirSync(examplesDir)
	.filter((name) => name.endsWith('.json'))
	.sort();

let engine: Engine;
let clock: VirtualClock;
let restoreClock: () => void;
let sim: Simulator;

/**
 * A test-only node that uses n8n's binary helpers the way nodes do: `store` writes a PNG through
 * prepareBinaryData from a stream; `inspect` reads every binary back with assertBinaryData,
 * getBinaryMetadata, getBinaryStream and getBinaryDataBuffer.
 */
class BinaryProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Binary Probe',
		name: 'binaryProbe',
		group: ['transform'],
		version: 1,
		description: 'test only',
		defaults: { name: 'Binary Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Action', name: 'action', type: 'string', default: 'store' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let index = 0; index < items.length; index++) {
			if (this.getNodeParameter('action', index) === 'store') {
				const image = await this.helpers.prepareBinaryData(
					Readable.from([makePng(720, 1280)]),
					'first-frame.png',
					'image/png',
				);
				output.push({ json: {}, binary: { image }, pairedItem: { item: index } });
				continue;
			}
			const report: IDataObject = {};
			for (const property of Object.keys(items[index].binary ?? {})) {
				const binary = this.helpers.assertBinaryData(index, property);
				const metadata = await this.helpers.getBinaryMetadata(binary.id!);
				const streamed = await this.helpers.binaryToBuffer(
					await this.helpers.getBinaryStream(binary.id!, 1024),
				);
				const buffered = await this.helpers.getBinaryDataBuffer(index, property);
				report[property] = {
					metadata,
					streamed: sha256(streamed),
					buffered: sha256(buffered),
					id: binary.id,
				};
			}
			output.push({ json: { ...items[index].json, report }, pairedItem: { item: index } });
		}
		return [output];
	}
}

beforeAll(async () => {
	const ours = loadPackage('source');
	engine = await createEngine({
		nodeTypes: {
			nodes: { ...ours.nodes, 'test.binaryProbe': new BinaryProbe() },
			credentials: ours.credentials,
		},
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
	});
});
afterEach(async () => {
	restoreClock();
	await sim.stop();
});

/** Examples written for one server run against its profile, with the credential's Server set to it. */
const EXAMPLE_SERVERS: Record<string, { profile: ServerProfile; server: string }> = {
	'self-hosted-wan.json': { profile: 'vllm-omni', server: 'vllmOmni' },
};

const credentials = (server = 'auto') => ({
	soraVideosApi: { apiKey: KEY, baseUrl: sim.baseUrl, authHeader: 'bearer', server },
});
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const WEBHOOK_BODY = {
	prompt: 'A lighthouse in a storm, waves crashing, lightning, cinematic wide shot',
};

function createdIds(): string[] {
	return sim
		.log()
		.filter(
			(entry) =>
				entry.route === 'POST /videos' &&
				entry.status !== null &&
				entry.status < 300 &&
				entry.videoId,
		)
		.map((entry) => entry.videoId!);
}

function variantOf(binary: IBinaryData): ContentVariant {
	if (binary.mimeType === 'video/mp4') return 'video';
	if (binary.mimeType === 'image/webp') return 'thumbnail';
	if (binary.mimeType === 'image/jpeg') return 'spritesheet';
	throw new Error(`unexpected MIME type ${binary.mimeType}`);
}

function isMp4(bytes: Buffer): boolean {
	return bytes.toString('latin1', 4, 8) === 'ftyp';
}

function isWebp(bytes: Buffer): boolean {
	return bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP';
}

/**
 * The checks every example gets: the run succeeded, every Sora Videos item carries a job the
 * simulator created, Wait for Completion items are completed, and every file is in n8n's
 * filesystem store with the exact bytes the simulator served for that job and variant.
 */
async function checkSoraOutputs(
	workflow: WorkflowJson,
	run: EngineRun,
): Promise<{ files: Array<{ node: string; id: string; variant: ContentVariant; bytes: Buffer }> }> {
	expect(run.nodeErrors()).toEqual({});
	expect(run.status).toBe('success');
	expect(run.finished).toBe(true);
	const created = new Set(createdIds());
	const files: Array<{ node: string; id: string; variant: ContentVariant; bytes: Buffer }> = [];
	for (const node of workflow.nodes.filter((candidate) => candidate.type === NODE_TYPE)) {
		expect(run.executed).toContain(node.name);
		const items = run.items(node.name);
		expect(items.length).toBeGreaterThan(0);
		const operation = String(node.parameters.operation);
		const options = (node.parameters.options ?? {}) as IDataObject;
		const downloads =
			operation === 'download' || (operation === 'waitForCompletion' && options.download === true);
		for (const [index, item] of items.entries()) {
			const id = String(item.json.id);
			expect(created.has(id)).toBe(true);
			expect(item.pairedItem).toEqual({ item: index });
			if (operation === 'waitForCompletion') expect(item.json.status).toBe('completed');
			if (!downloads) {
				expect(item.binary).toBeUndefined();
				continue;
			}
			const property = String(
				operation === 'download'
					? (node.parameters.binaryPropertyName ?? 'data')
					: (options.binaryPropertyName ?? 'data'),
			);
			const binary = item.binary?.[property];
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
			expect(binary!.fileName).toBe(
				`${id}.${{ video: 'mp4', thumbnail: 'webp', spritesheet: 'jpg' }[variant]}`,
			);
			files.push({ node: node.name, id, variant, bytes });
		}
	}
	expect(sim.schemaViolations()).toEqual([]);
	expect(JSON.stringify(run.run)).not.toContain(KEY);
	expect(JSON.stringify(run.logs)).not.toContain(KEY);
	return { files };
}

async function runExample(file: string): Promise<{ workflow: WorkflowJson; run: EngineRun }> {
	const workflow = readWorkflow(join(examplesDir, file));
	const target = EXAMPLE_SERVERS[file];
	if (target) sim.configure({ profile: target.profile });
	const run = await engine.run(workflow, {
		credentials: credentials(target?.server),
		webhook: { body: WEBHOOK_BODY },
	});
	return { workflow, run };
}

test('examples/ holds the five documented workflows (and every file there is run below)', () => {
	expect(exampleFiles).toEqual(
		expect.arrayContaining([
			'batch.json',
			'image-to-video.json',
			'self-hosted-wan.json',
			'text-to-video.json',
			'webhook-pipeline.json',
		]),
	);
});

describe.each(exampleFiles)('examples/%s in n8n-core’s WorkflowExecute', (file) => {
	test('runs to success; ids, statuses and downloaded bytes match the simulator', async () => {
		const started = Date.now();
		const { workflow, run } = await runExample(file);
		await checkSoraOutputs(workflow, run);
		// Renders take 20 s of simulator time; the run took virtual time only.
		expect(Date.now() - started).toBeLessThan(15_000);
		if (
			workflow.nodes.some(
				(node) => node.type === NODE_TYPE && node.parameters.operation === 'waitForCompletion',
			)
		) {
			expect(clock.sleeps.length).toBeGreaterThan(0);
		}
	});
});

describe('per example', () => {
	test('text to video: one job, an MP4 in binary "data", progress shown while waiting', async () => {
		const { workflow, run } = await runExample('text-to-video.json');
		const { files } = await checkSoraOutputs(workflow, run);
		expect(run.executed).toEqual([
			'When clicking ‘Execute workflow’',
			'Create Video',
			'Wait for Completion',
		]);
		expect(createdIds()).toHaveLength(1);
		const [created] = run.items('Create Video');
		expect(created.json.status).toBe('queued');
		const [done] = run.items('Wait for Completion');
		expect(done.json.id).toBe(created.json.id);
		expect(done.json.prompt).toBe(
			workflow.nodes.find((node) => node.name === 'Create Video')!.parameters.prompt,
		);
		expect((done.json.wait as IDataObject).waited_seconds).toBeGreaterThanOrEqual(RENDER_MS / 1000);
		expect(files).toHaveLength(1);
		expect(files[0].variant).toBe('video');
		expect(isMp4(files[0].bytes)).toBe(true);
		expect(done.binary!.data.mimeType).toBe('video/mp4');
		// A manual run: the node's progress lines reach the UI channel (sendMessageToUI) and the log.
		const lines = run.messages
			.filter((message) => message.source === '[Node: "Wait for Completion"]')
			.flatMap((message) => message.messages.map(String));
		expect(lines.length).toBeGreaterThanOrEqual(2);
		expect(lines.at(-1)).toMatch(/1 done, 0 failed, 0 waiting/);
		expect(lines.some((line) => /downloading/.test(line))).toBe(true);
		expect(lines.some((line) => /in_progress \d+%/.test(line))).toBe(true);
		expect(
			run.logs.some((log) => log.level === 'debug' && /Sora Videos: .*waiting/.test(log.message)),
		).toBe(true);
	});

	test('image to video: the Code node draws a valid 720x1280 PNG, sent as input_reference', async () => {
		const { workflow, run } = await runExample('image-to-video.json');
		const { files } = await checkSoraOutputs(workflow, run);
		const [frame] = run.items('First Frame (PNG)');
		const image = frame.binary!.image;
		expect(image.mimeType).toBe('image/png');
		const png = await engine.readBinary(image);
		expect(imageInfo(png)).toEqual({ type: 'png', width: 720, height: 1280 });
		// A real PNG: every chunk's CRC holds and the pixel data inflates to 1280 rows of 1 + 720/4 bytes.
		const idat: Buffer[] = [];
		for (let offset = 8; offset < png.length; ) {
			const length = png.readUInt32BE(offset);
			const type = png.toString('latin1', offset + 4, offset + 8);
			const crc = png.readUInt32BE(offset + 8 + length);
			expect(crc).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
			if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
			offset += 12 + length;
		}
		expect(inflateSync(Buffer.concat(idat)).length).toBe(1280 * (1 + 720 / 4));
		// The create request was multipart (the file part), and the simulator accepted the image.
		const createEntry = sim.log().find((entry) => entry.route === 'POST /videos')!;
		expect(createEntry.status).toBe(200);
		expect(createEntry.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(run.items('Create Video')[0].json.size).toBe('720x1280');
		expect(files.map((file) => file.variant)).toEqual(['video']);
	});

	test('batch: three prompts, three jobs waited for together, three WebP thumbnails paired to their rows', async () => {
		const { workflow, run } = await runExample('batch.json');
		const { files } = await checkSoraOutputs(workflow, run);
		const rows = run.items('Prompts (Spreadsheet Stand-In)');
		expect(rows).toHaveLength(3);
		const created = run.items('Create Videos');
		expect(created.map((item) => item.json.prompt)).toEqual(rows.map((row) => row.json.prompt));
		expect(new Set(created.map((item) => item.json.id)).size).toBe(3);
		const thumbnails = run.items('Download Thumbnails');
		expect(thumbnails.map((item) => item.json.id)).toEqual(created.map((item) => item.json.id));
		expect(files.map((file) => file.variant)).toEqual(['thumbnail', 'thumbnail', 'thumbnail']);
		for (const file of files) expect(isWebp(file.bytes)).toBe(true);
		for (const item of thumbnails) expect(Object.keys(item.binary!)).toEqual(['thumbnail']);
		// All three are waited for in one loop: each job's status is read before the first one
		// finishes (one after another, the second would not be read until the first was done), and
		// the three together cost about what one costs alone (5 status reads for a 20 s render).
		const waits = run.items('Wait for Completion').map((item) => item.json.wait as IDataObject);
		for (const wait of waits) expect(wait.waited_seconds).toBeLessThan((RENDER_MS / 1000) * 1.5);
		const statusReads = sim.log().filter((entry) => entry.route === 'GET /videos/{id}');
		const firstDone = Math.min(...created.map((item) => sim.completedAt(String(item.json.id))!));
		for (const item of created) {
			const firstRead = statusReads.find((entry) => entry.path.includes(String(item.json.id)))!;
			expect(firstRead.time).toBeLessThan(firstDone);
		}
		for (const item of created) {
			expect(
				statusReads.filter((entry) => entry.path.includes(String(item.json.id))).length,
			).toBeLessThanOrEqual(6);
		}
	});

	test('Wan on vLLM-Omni: the empty Model is left out, the create is multipart, the served model renders it', async () => {
		const { workflow, run } = await runExample('self-hosted-wan.json');
		const { files } = await checkSoraOutputs(workflow, run);
		const [created] = run.items('Create Video');
		expect(created.json).toMatchObject({
			model: DEFAULT_SERVED_MODEL,
			status: 'queued',
			size: '1280x720',
		});
		expect(created.json.id).toMatch(/^video_gen_/);
		expect(
			sim.log().find((entry) => entry.route === 'POST /videos')!.headers['content-type'],
		).toMatch(/^multipart\/form-data/);
		expect(files.map((file) => file.variant)).toEqual(['video']);
		expect(isMp4(files[0].bytes)).toBe(true);
	});

	test('webhook pipeline: the webhook body’s prompt goes in; the answer is the finished video’s {id, status}', async () => {
		const { workflow, run } = await runExample('webhook-pipeline.json');
		await checkSoraOutputs(workflow, run);
		expect(run.executed).toEqual([
			'Webhook',
			'Create Video',
			'Wait for Completion',
			'Respond to Webhook',
		]);
		expect(run.run.mode).toBe('webhook');
		const [created] = run.items('Create Video');
		expect(created.json.prompt).toBe(WEBHOOK_BODY.prompt);
		expect(run.webhookResponse).toEqual({
			statusCode: 200,
			headers: {},
			body: { id: created.json.id, status: 'completed' },
			from: 'Respond to Webhook',
		});
		expect(createdIds()).toEqual([created.json.id]);
	});
});

describe('the harness behaves as n8n does', () => {
	test('cancelling stops the execution at once (status canceled) and the node stops polling', async () => {
		const workflow = readWorkflow(join(examplesDir, 'text-to-video.json'));
		sim.configure({ renderMs: 10 * 60_000 });
		let execution: ReturnType<Engine['start']> | undefined;
		let pollsAtCancel = -1;
		execution = engine.start(workflow, {
			credentials: credentials(),
			onMessage: (message) => {
				if (pollsAtCancel < 0 && /in_progress/.test(String(message.messages[0]))) {
					pollsAtCancel = sim.count('GET /videos/{id}');
					execution!.cancel();
				}
			},
		});
		const run = await execution.result;
		expect(run.status).toBe('canceled');
		expect(pollsAtCancel).toBeGreaterThan(0);
		expect(run.run.data.resultData.runData['Wait for Completion']?.[0]?.data).toBeUndefined();
		// n8n does not await the cancelled node: give it time to notice, then check it went quiet.
		for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
		const settled = sim.count('GET /videos/{id}');
		expect(settled).toBeLessThanOrEqual(pollsAtCancel + 1);
		for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
		expect(sim.count('GET /videos/{id}')).toBe(settled);
		expect(sim.count('GET /videos/{id}/content')).toBe(0);
	});

	test('an aborted signal cancels the execution', async () => {
		const controller = new AbortController();
		sim.configure({ renderMs: 10 * 60_000 });
		const running = engine.start(join(examplesDir, 'text-to-video.json'), {
			credentials: credentials(),
			onNodeStart: (name) => {
				if (name === 'Wait for Completion') controller.abort();
			},
			signal: controller.signal,
		});
		const run = await running.result;
		expect(run.status).toBe('canceled');
	});

	test('a wrong key fails the run with the node’s error, and the key is in neither the run data nor the logs', async () => {
		const run = await engine.run(join(examplesDir, 'text-to-video.json'), {
			credentials: { soraVideosApi: { apiKey: 'sk-wrong-key-9d2e', baseUrl: sim.baseUrl } },
		});
		expect(run.status).toBe('error');
		expect(Object.keys(run.nodeErrors())).toEqual(['Create Video']);
		expect(run.error?.message).toMatch(/401|key|auth/i);
		expect(JSON.stringify(run.run)).not.toContain('sk-wrong-key-9d2e');
		expect(createdIds()).toEqual([]);
	});

	test('a missing credential fails the node, as in n8n', async () => {
		const run = await engine.run(join(examplesDir, 'text-to-video.json'), { credentials: {} });
		expect(run.status).toBe('error');
		expect(run.nodeErrors()['Create Video']).toMatch(/does not exist for type "soraVideosApi"/);
	});

	test('other auth header styles come from the credential type (api-key header, organization)', async () => {
		const run = await engine.run(join(examplesDir, 'text-to-video.json'), {
			credentials: {
				soraVideosApi: {
					apiKey: KEY,
					baseUrl: sim.baseUrl,
					authHeader: 'apiKey',
					organizationId: 'org-engine',
				},
			},
		});
		expect(run.status).toBe('success');
		const create = sim.log().find((entry) => entry.route === 'POST /videos')!;
		expect(create.headers['api-key']).toBe('[redacted]');
		expect(create.headers.authorization).toBeUndefined();
		expect(create.headers['openai-organization']).toBe('org-engine');
	});

	test('in CLI mode (n8n execute) sendMessageToUI is silent; the progress goes to the log only', async () => {
		const run = await engine.run(join(examplesDir, 'text-to-video.json'), {
			credentials: credentials(),
			mode: 'cli',
		});
		expect(run.status).toBe('success');
		expect(run.messages).toEqual([]);
		expect(
			run.logs.some(
				(log) =>
					log.level === 'debug' && /Sora Videos: 1 done, 0 failed, 0 waiting/.test(log.message),
			),
		).toBe(true);
	});

	test('stalled bodies in n8n-core’s HTTP client: retried, and their connections closed by the node, not by the server', async () => {
		sim.configure({
			faultRate: 1,
			faultKinds: ['stall'],
			maxConsecutiveFaults: 1,
			stallMs: 10 * 60_000,
		});
		transportSettings.idleTimeoutMs = 200;
		try {
			const { workflow, run } = await runExample('text-to-video.json');
			await checkSoraOutputs(workflow, run);
			expect(sim.log().filter((entry) => entry.fault === 'stall').length).toBeGreaterThan(1);
			await eventLoopTurnsUntil(() => sim.responsesInFlight() === 0);
			expect(sim.responsesInFlight()).toBe(0);
		} finally {
			transportSettings.idleTimeoutMs = 60000;
		}
	});

	test('binary streams and metadata read back from the filesystem store', async () => {
		const { run } = await runExample('text-to-video.json');
		const [item]: INodeExecutionData[] = run.items('Wait for Completion');
		const chunks: Buffer[] = [];
		for await (const chunk of await engine.binaryStream(item.binary!.data))
			chunks.push(chunk as Buffer);
		expect(sha256(Buffer.concat(chunks))).toBe(await sim.expectedSha256(String(item.json.id)));
	});
});

test('binary helpers on stored data: a streamed reference image from the store, metadata and streams of the download', async () => {
	const example = readWorkflow(join(examplesDir, 'image-to-video.json'));
	const probe = (name: string, action: string, x: number) => ({
		name,
		type: 'test.binaryProbe',
		typeVersion: 1,
		position: [x, 0] as [number, number],
		parameters: { action },
	});
	const workflow: WorkflowJson = {
		...example,
		nodes: [
			...example.nodes.filter((node) => node.type !== 'n8n-nodes-base.code'),
			probe('Store Image', 'store', 240),
			probe('Inspect Download', 'inspect', 960),
		],
		connections: {
			'When clicking ‘Execute workflow’': {
				main: [[{ node: 'Store Image', type: 'main', index: 0 }]],
			},
			'Store Image': { main: [[{ node: 'Create Video', type: 'main', index: 0 }]] },
			'Create Video': { main: [[{ node: 'Wait for Completion', type: 'main', index: 0 }]] },
			'Wait for Completion': { main: [[{ node: 'Inspect Download', type: 'main', index: 0 }]] },
		},
	};
	const run = await engine.run(workflow, { credentials: credentials() });
	expect(run.nodeErrors()).toEqual({});
	expect(run.status).toBe('success');
	const stored = run.items('Store Image')[0].binary!.image;
	expect(stored.id).toMatch(/^filesystem-v2:/);
	expect(stored).toMatchObject({
		fileName: 'first-frame.png',
		mimeType: 'image/png',
		fileExtension: 'png',
	});
	expect(await engine.readBinary(stored)).toEqual(makePng(720, 1280));
	const [inspected] = run.items('Inspect Download');
	const id = String(inspected.json.id);
	const expected = await sim.expectedSha256(id);
	const report = (inspected.json.report as IDataObject).data as IDataObject;
	expect(report.streamed).toBe(expected);
	expect(report.buffered).toBe(expected);
	expect(report.metadata).toMatchObject({
		fileName: `${id}.mp4`,
		mimeType: 'video/mp4',
		fileSize: (
			await engine.readBinary(
				inspected.binary?.data ?? run.items('Wait for Completion')[0].binary!.data,
			)
		).length,
	});
});

function crc32(bytes: Buffer): number {
	let c = 0xffffffff;
	for (const byte of bytes) {
		c ^= byte;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	}
	return (c ^ 0xffffffff) >>> 0;
}
