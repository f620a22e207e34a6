// The finished file reaches the workflow whatever binary-data mode n8n runs in and however the
// server frames its answers. n8n's stores read a node's stream differently: `filesystem` iterates
// it, `default` (in memory, n8n 1.x's default) and `database` (n8n 2.x's queue-mode default)
// listen for 'data' through binaryToBuffer. Servers send JSON plain, gzip-compressed with the
// Content-Length of the compressed bytes (Starlette's GZipMiddleware, compressing proxies), or
// chunked. Every example that downloads runs in every combination, in n8n-core's WorkflowExecute.
import { join } from 'node:path';

import type { IBinaryData } from 'n8n-workflow';

import {
	createEngine,
	loadPackage,
	readWorkflow,
	type BinaryDataMode,
	type Engine,
} from '../../support/engine/engine';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { transportSettings } from '../../nodes/SoraVideos/transport';
import { VirtualClock } from '../support/virtual-clock';
import { examplesDir, NODE_TYPE, sha256, variantOf } from './example-runs';

const KEY = 'sk-binary-modes-KEY-7c1d-never-print-me';
const DOWNLOADING_EXAMPLES = ['text-to-video.json', 'image-to-video.json', 'batch.json'];
const MODES: BinaryDataMode[] = ['default', 'filesystem', 'database'];
const FRAMINGS: Array<[string, Partial<SimulatorOptions>]> = [
	['plain JSON', {}],
	['gzip JSON with the compressed Content-Length', { gzip: true }],
	['chunked answers', { chunked: true }],
];

/** How each mode keeps the bytes: inline base64 in the item, or an id in its store. */
const storedAs: Record<BinaryDataMode, (binary: IBinaryData) => void> = {
	default: (binary) => {
		expect(binary.id).toBeUndefined();
		expect(binary.data.length).toBeGreaterThan(0);
	},
	filesystem: (binary) => expect(binary.id).toMatch(/^filesystem-v2:/),
	database: (binary) => expect(binary.id).toMatch(/^database:/),
};

const idleTimeoutMs = transportSettings.idleTimeoutMs;
beforeAll(() => {
	// A body that never flows would otherwise hold each attempt for a minute before failing.
	transportSettings.idleTimeoutMs = 2000;
});
afterAll(() => {
	transportSettings.idleTimeoutMs = idleTimeoutMs;
});

describe.each(MODES)('binary data mode "%s"', (mode) => {
	let engine: Engine;
	let clock: VirtualClock;
	let restoreClock: () => void;
	let sim: Simulator;

	beforeAll(async () => {
		const ours = loadPackage('source');
		engine = await createEngine({ nodeTypes: ours, binaryDataMode: mode });
	});
	afterAll(async () => {
		await engine.dispose();
	});
	afterEach(async () => {
		restoreClock();
		await sim.stop();
	});

	describe.each(FRAMINGS)('%s', (_framing, framing) => {
		beforeEach(async () => {
			clock = new VirtualClock();
			restoreClock = clock.install();
			sim = await startSimulator({ apiKey: KEY, renderMs: 20_000, now: clock.now, ...framing });
		});

		test.each(DOWNLOADING_EXAMPLES)(
			'%s stores every file byte for byte as served, each job created once',
			async (file) => {
				const workflow = readWorkflow(join(examplesDir, file));
				const run = await engine.run(workflow, {
					credentials: {
						soraVideosApi: { apiKey: KEY, baseUrl: sim.baseUrl, authHeader: 'bearer' },
					},
				});
				expect(run.nodeErrors()).toEqual({});
				expect(run.status).toBe('success');
				const created = sim.log().filter((entry) => entry.route === 'POST /videos');
				expect(created.every((entry) => entry.status === 200)).toBe(true);
				let files = 0;
				for (const node of workflow.nodes.filter((candidate) => candidate.type === NODE_TYPE)) {
					for (const item of run.items(node.name)) {
						for (const binary of Object.values(item.binary ?? {})) {
							storedAs[mode](binary);
							const bytes = await engine.readBinary(binary);
							expect(binary.bytes).toBe(bytes.length);
							expect(sha256(bytes)).toBe(
								await sim.expectedSha256(String(item.json.id), variantOf(binary)),
							);
							files++;
						}
					}
				}
				expect(files).toBe(created.length);
				if (framing.gzip) {
					const compressed = sim.log().filter((entry) => entry.contentEncoding === 'gzip');
					expect(compressed.map((entry) => entry.route)).toEqual(
						expect.arrayContaining(['POST /videos', 'GET /videos/{id}']),
					);
				}
			},
		);
	});
});
