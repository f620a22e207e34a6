/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { createServer } from 'node:http';
import { Readable } from 'node:stream';

import {
	clock,
	create,
	credentialsFor,
	expectNoKey,
	run,
	sha256,
	simulator,
	useSimulators,
} from '../../../../support/node-harness';
import { listenOnLoopback } from '../../../../support/local-server';
import { clip, inMemoryItem, storedItem } from '../../../../support/video-items';
import { failureOf, runNode } from '../../../../support/node-context';

// Edit (nodes/SoraVideos/actions/video/edit.operation.ts) against the simulator.

useSimulators();
const edit = (extra: Record<string, unknown>) => ({
	operation: 'edit',
	prompt: 'the same street in autumn',
	videoSource: 'id',
	options: {},
	...extra,
});

describe.each(['openai', 'litellm'] as const)('against the %s profile', (profile) => {
	it('edits a completed video by id, sent once, and the edit downloads like any job', async () => {
		const sim = await simulator(profile);
		const source = await create(sim, profile);
		clock.advance(20001);
		const { output } = await run(sim, edit({ videoId: source.id }));
		const job = output[0].json as { id: string };
		expect(output[0].json).toMatchObject({ size: '720x1280', seconds: '4' });
		expect(job.id).not.toBe(source.id);
		expect(sim.count('POST /videos/edits')).toBe(1);

		const waited = await run(
			sim,
			{ operation: 'waitForCompletion', videoId: job.id, options: { download: true } },
			{ items: [{ json: job }] },
		);
		expect(waited.output[0].json.status).toBe('completed');
		expect(sha256(waited.fileOf(waited.output[0]))).toBe(await sim.expectedSha256(job.id));
		expectNoKey([output, waited.output, waited.logs]);
	});

	it.each([
		['from the binary store', storedItem('clip-1'), { 'clip-1': clip }],
		['from memory', inMemoryItem(), {}],
	])('edits an MP4 %s, uploaded whole', async (_where, item, stored) => {
		const sim = await simulator(profile);
		const { output } = await run(
			sim,
			edit({ videoSource: 'binary', videoBinaryProperty: 'video', options: { model: 'sora-2' } }),
			{ items: [item], stored },
		);
		const job = output[0].json as { id: string };
		expect(output[0].json).toMatchObject({ size: '320x180', seconds: '1' });
		expect(sim.uploadOf(job.id)).toMatchObject({ bytes: clip.length, sha256: sha256(clip) });
		expect(sim.count('POST /videos/edits')).toBe(1);
	});
});

describe('checked before anything is sent', () => {
	it.each([
		['an empty prompt', edit({ prompt: ' ', videoId: 'video_1' }), [{ json: {} }], /Prompt/],
		[
			'a missing binary property',
			edit({ videoSource: 'binary', videoBinaryProperty: 'clip' }),
			[inMemoryItem()],
			/no binary property "clip".*/,
		],
		[
			'a PNG where the MP4 should be',
			edit({ videoSource: 'binary', videoBinaryProperty: 'video' }),
			[inMemoryItem(Buffer.from('\x89PNG\r\n\x1a\n0000000000', 'latin1'))],
			/does not hold an MP4 video \(its bytes are image\/png\)/,
		],
		[
			'a file with Send as JSON',
			edit({ videoSource: 'binary', videoBinaryProperty: 'video', options: { sendAsJson: true } }),
			[inMemoryItem()],
			/cannot travel in a JSON body/,
		],
	])('%s', async (_name, parameters, items, message) => {
		const sim = await simulator();
		const error = await failureOf(run(sim, parameters, { items }));
		expect(error.message).toMatch(message);
		expect(sim.count('POST /videos/edits')).toBe(0);
	});

	it("refuses a server the credential's Server says has no Edit, naming both", async () => {
		const sim = await simulator();
		const error = await failureOf(
			runNode({
				credentials: credentialsFor(sim, { server: 'vllmOmni' }),
				parameters: edit({ videoId: 'video_1' }),
			}),
		);
		expect(error.message).toBe('vLLM-Omni has no video edits (POST /videos/edits)');
		expect(error.description).toMatch(/The credential's Server is vLLM-Omni\.$/);
		expect(sim.log()).toEqual([]);
	});

	it('checks every item before sending any', async () => {
		const sim = await simulator();
		const source = await create(sim, 'openai');
		clock.advance(20001);
		const error = await failureOf(
			run(sim, (itemIndex) => edit({ videoId: source.id, prompt: itemIndex === 1 ? '' : 'p' }), {
				items: [{ json: {} }, { json: {} }],
			}),
		);
		expect(error.message).toMatch(/^Item 1, field "Prompt"/);
		expect(sim.count('POST /videos/edits')).toBe(0);
	});
});

it.each([
	['new-api (404 "Invalid URL")', 'newapi'],
	['TensorRT-LLM (FastAPI 405)', 'trt'],
] as const)(
	'a server without the route, %s, is said to have no Edit, not a wrong Base URL',
	async (_name, profile) => {
		const sim = await simulator(profile);
		const error = await failureOf(run(sim, edit({ videoId: 'video_1' })));
		expect(error.description).toMatch(
			/^This server has no Edit: the OpenAI Videos API added it in March 2026/,
		);
		expect(error.description).toMatch(/The Base URL is not the problem/);
		expect(sim.count('POST /videos/edits')).toBe(1);
	},
);

it('a 404 for an unknown source video keeps the server message without the missing-route hint', async () => {
	const sim = await simulator();
	const error = await failureOf(run(sim, edit({ videoId: 'video_missing' })));
	expect(error.message).toMatch(/Video with id 'video_missing' not found/);
	expect(error.description).not.toMatch(/has no Edit/);
});

it('streams a 50 MB clip from the binary store without holding it whole', async () => {
	const size = 50 * 1024 * 1024;
	const chunk = 64 * 1024;
	let received = 0;
	let maxAhead = 0;
	// A clip that exists only as it is read: an MP4 head, then zeros.
	const open = () =>
		Readable.from(
			(function* () {
				const head = Buffer.alloc(chunk);
				head.write('\0\0\0\x18ftypmp42', 'latin1');
				for (let produced = 0; produced < size; produced += chunk) {
					maxAhead = Math.max(maxAhead, produced - received);
					yield produced === 0 ? head : Buffer.alloc(chunk);
				}
			})(),
		);
	let contentLength = 0;
	const server = createServer((request, response) => {
		contentLength = Number(request.headers['content-length']);
		request.on('data', (data: Buffer) => (received += data.length));
		request.on('end', () => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ id: 'video_big', object: 'video', status: 'queued' }));
		});
	});
	const { origin, stop } = await listenOnLoopback(server);
	try {
		const { output } = await runNode({
			credentials: { apiKey: 'sk-local', baseUrl: `${origin}/v1`, authHeader: 'bearer' },
			parameters: edit({
				videoSource: 'binary',
				videoBinaryProperty: 'video',
				options: { model: 'sora-2' },
			}),
			items: [storedItem('big', 'big.mp4')],
			stored: { big: { size, open } },
		});
		expect(output[0].json.id).toBe('video_big');
	} finally {
		await stop();
	}
	expect(received).toBe(contentLength);
	expect(received).toBeGreaterThan(size);
	expect(maxAhead).toBeLessThan(16 * 1024 * 1024);
});

it('a server that answers it has no Edit is said to lack it, not to have a wrong Base URL', async () => {
	const sim = await simulator('newapi');
	const error = await failureOf(
		runNode({
			credentials: credentialsFor(sim, { server: 'newApi' }),
			parameters: edit({ videoId: 'task_1' }),
		}),
	);
	expect(error.description).toMatch(/^This server has no Edit.*The Base URL is not the problem\./);
	expect(sim.count('POST /videos/edits')).toBe(1);
});
