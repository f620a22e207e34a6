// The finished file reaches the workflow whatever binary-data mode n8n runs in and however the
// server frames its answers. n8n's stores read a node's stream differently: `filesystem` iterates
// it, `default` (in memory, n8n 1.x's default) and `database` (n8n 2.x's queue-mode default)
// listen for 'data' through binaryToBuffer. Servers send JSON plain, gzip-compressed with the
// Content-Length of the compressed bytes (Starlette's GZipMiddleware, compressing proxies), or
// chunked. Every example that downloads runs in every combination, in n8n-core's WorkflowExecute.
import type { IBinaryData } from 'n8n-workflow';

import type { BinaryDataMode } from '../../support/engine/engine';
import type { SimulatorOptions } from '../../simulator';
import { transportSettings } from '../../nodes/SoraVideos/transport';
import { NODE_TYPE, sha256, useExampleRuns, variantOf } from './example-runs';

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
	describe.each(FRAMINGS)('%s', (_framing, framing) => {
		const runs = useExampleRuns({ binaryDataMode: mode, simulator: framing });

		test.each(DOWNLOADING_EXAMPLES)(
			'%s stores every file byte for byte as served, each job created once',
			async (file) => {
				const workflow = runs.readExample(file);
				const run = await runs.engine.run(workflow, { credentials: runs.credentials() });
				expect(run.nodeErrors()).toEqual({});
				expect(run.status).toBe('success');
				const created = runs.sim.log().filter((entry) => entry.route === 'POST /videos');
				expect(created.every((entry) => entry.status === 200)).toBe(true);
				let files = 0;
				for (const node of workflow.nodes.filter((candidate) => candidate.type === NODE_TYPE)) {
					for (const item of run.items(node.name)) {
						for (const binary of Object.values(item.binary ?? {})) {
							storedAs[mode](binary);
							const bytes = await runs.engine.readBinary(binary);
							expect(binary.bytes).toBe(bytes.length);
							expect(sha256(bytes)).toBe(
								await runs.sim.expectedSha256(String(item.json.id), variantOf(binary)),
							);
							files++;
						}
					}
				}
				expect(files).toBe(created.length);
				if (framing.gzip) {
					const compressed = runs.sim.log().filter((entry) => entry.contentEncoding === 'gzip');
					expect(compressed.map((entry) => entry.route)).toEqual(
						expect.arrayContaining(['POST /videos', 'GET /videos/{id}']),
					);
				}
			},
		);
	});
});
