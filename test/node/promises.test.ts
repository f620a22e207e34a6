// What the README promises about batches, failures and files, each stated as a user relies on it:
// no job is started after a failure without Continue On Fail; items run four at a time; a failed
// item under Continue On Fail carries what is needed to act on it; every status a server may use
// for "done" or "gone" ends the wait; an image must match the video size in both dimensions; a
// file's type comes from its bytes.
import type { IncomingMessage } from 'node:http';

import type { IDataObject } from 'n8n-workflow';

import { makePng } from '../../simulator/images';
import { forward, startLocalServer, type LocalHandler } from '../support/local-server';
import { createParameters, failureOf, runNode, type RunOptions } from '../support/node-context';
import { clock, KEY, sha256, simulator, useSimulators } from '../support/node-harness';

useSimulators();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	await Promise.all(cleanups.splice(0).map(async (cleanup) => await cleanup()));
});

async function localServer(handler: LocalHandler): Promise<string> {
	const server = await startLocalServer(handler);
	cleanups.push(server.stop);
	return `${server.origin}/v1`;
}

const run = async (
	baseUrl: string,
	parameters: RunOptions['parameters'],
	rest: Partial<RunOptions> = {},
) =>
	await runNode({
		credentials: { apiKey: KEY, baseUrl, authHeader: 'bearer' },
		parameters,
		...rest,
	});

const prompts = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ json: { prompt: `shot ${index}` } }));

/**
 * A proxy in front of the simulator that tracks how many of the requests `held` picks are open at
 * once, answers a create itself when `refuse` says so, and forwards the rest.
 */
async function countingProxy(
	sim: Awaited<ReturnType<typeof simulator>>,
	held: (request: IncomingMessage) => boolean,
	refuse: (prompt: string) => boolean = () => false,
) {
	const stats = { open: 0, mostOpen: 0, refused: 0 };
	const baseUrl = await localServer(async (request, body) => {
		if (!held(request)) return await forward(sim.baseUrl, request, body);
		stats.open++;
		stats.mostOpen = Math.max(stats.mostOpen, stats.open);
		// Hold each request until four are open (or the node sends no more), so that concurrent ones
		// overlap however busy the machine is.
		for (let turn = 0; turn < 2000 && stats.open < 4; turn++) {
			await new Promise((resolve) => setImmediate(resolve));
		}
		try {
			const prompt =
				request.method === 'POST' ? (JSON.parse(body.toString()) as IDataObject).prompt : '';
			if (refuse(String(prompt))) {
				stats.refused++;
				return {
					status: 400,
					headers: { 'content-type': 'application/json', 'x-request-id': 'req_refused_1' },
					body: '{"error":{"message":"This prompt was refused","type":"invalid_request_error","code":"prompt_refused"}}',
				};
			}
			return await forward(sim.baseUrl, request, body);
		} finally {
			stats.open--;
		}
	});
	return { baseUrl, stats };
}

const isCreate = (request: IncomingMessage) => request.method === 'POST';

describe('batches', () => {
	it.each([
		[
			'get',
			'status reads',
			(request: IncomingMessage) => /\/videos\/[^/?]+$/.test(request.url ?? ''),
		],
		['download', 'downloads', (request: IncomingMessage) => /\/content/.test(request.url ?? '')],
	] as const)(
		'runs %s four at a time (%s) and keeps the output in input order',
		async (operation, _what, held) => {
			const sim = await simulator();
			const created = await run(
				sim.baseUrl,
				(index) => ({ ...createParameters, prompt: `shot ${index}` }),
				{ items: prompts(9) },
			);
			clock.advance(60_000);
			const proxy = await countingProxy(sim, held);
			const parameters = (index: number) => ({
				operation,
				videoId: created.output[index].json.id,
				variant: 'thumbnail',
				binaryPropertyName: 'data',
			});
			const { output } = await run(proxy.baseUrl, parameters, { items: created.output });
			expect(proxy.stats.mostOpen).toBe(4);
			expect(output.map((item) => item.json.id)).toEqual(
				created.output.map((item) => item.json.id),
			);
		},
	);

	it('runs creates four at a time and keeps the output in input order', async () => {
		const sim = await simulator();
		const proxy = await countingProxy(sim, isCreate);
		const { output } = await run(
			proxy.baseUrl,
			(index) => ({ ...createParameters, prompt: `shot ${index}`, options: { sendAsJson: true } }),
			{ items: prompts(9) },
		);
		expect(proxy.stats.mostOpen).toBe(4);
		expect(output.map((item) => item.json.prompt)).toEqual(
			prompts(9).map((item) => item.json.prompt),
		);
		expect(sim.count('POST /videos')).toBe(9);
	});

	it('without Continue On Fail, starts no further job once a create failed', async () => {
		const sim = await simulator();
		const proxy = await countingProxy(sim, isCreate, (prompt) => prompt === 'shot 1');
		const failure = await failureOf(
			run(
				proxy.baseUrl,
				(index) => ({
					...createParameters,
					prompt: `shot ${index}`,
					options: { sendAsJson: true },
				}),
				{ items: prompts(12) },
			),
		);
		expect(failure.message).toMatch(/This prompt was refused/);
		// Items 0, 2 and 3 were already on their way with item 1; none of items 4 to 11 was sent.
		expect(proxy.stats.refused).toBe(1);
		expect(sim.count('POST /videos')).toBeLessThanOrEqual(3);
	});
});

describe('Continue On Fail items', () => {
	it('a refused request gives an item with the error, the HTTP status and the request id; the others carry on', async () => {
		const sim = await simulator();
		const proxy = await countingProxy(sim, isCreate, (prompt) => prompt === 'shot 1');
		const { output } = await run(
			proxy.baseUrl,
			(index) => ({ ...createParameters, prompt: `shot ${index}`, options: { sendAsJson: true } }),
			{ items: prompts(3), continueOnFail: true },
		);
		expect(output[0].json.status).toBe('queued');
		expect(output[2].json.status).toBe('queued');
		expect(output[1].json).toMatchObject({
			error: expect.stringMatching(/This prompt was refused/),
			httpCode: 400,
			requestId: 'req_refused_1',
		});
		expect(output[1].json.description).toMatch(/HTTP 400, code prompt_refused/);
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});

	it('a wait that timed out gives an item with the video id, its last status and the video', async () => {
		const sim = await simulator();
		const created = await run(sim.baseUrl, { ...createParameters, prompt: 'slow' });
		const id = String(created.output[0].json.id);
		const { output } = await run(
			sim.baseUrl,
			{ operation: 'waitForCompletion', videoId: id, options: { maxWaitSeconds: 5 } },
			{ items: created.output, continueOnFail: true },
		);
		expect(output[0].json).toMatchObject({
			error: expect.stringMatching(/did not finish within 5 s/),
			id,
			status: 'in_progress',
		});
		expect(output[0].json.video).toMatchObject({ id, object: 'video', status: 'in_progress' });
	});
});

describe('statuses that servers use', () => {
	async function serverSaying(status: string) {
		const video = {
			id: 'video_s1',
			object: 'video',
			model: 'sora-2',
			created_at: 1,
			progress: 40,
			seconds: '4',
			size: '720x1280',
		};
		return await localServer(async () => ({
			status: 200,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...video, status }),
		}));
	}

	it('"success" ends the wait as completed', async () => {
		const baseUrl = await serverSaying('success');
		const { output } = await run(baseUrl, {
			operation: 'waitForCompletion',
			videoId: 'video_s1',
			options: {},
		});
		expect(output[0].json).toMatchObject({ id: 'video_s1', status: 'completed', progress: 100 });
		expect(clock.sleeps).toEqual([]);
	});

	it.each(['expired', 'cancelled', 'failure'])(
		'"%s" ends the wait as a failed job',
		async (status) => {
			const baseUrl = await serverSaying(status);
			const failure = await failureOf(
				run(baseUrl, { operation: 'waitForCompletion', videoId: 'video_s1', options: {} }),
			);
			expect(failure.message).toMatch(/video_s1/);
			expect(clock.sleeps).toEqual([]);
		},
	);
});

describe('reference images', () => {
	it.each([
		['the right width but the wrong height', 720, 1000],
		['the right height but the wrong width', 700, 1280],
	])('an image with %s is refused before anything is sent', async (_name, width, height) => {
		const sim = await simulator();
		const items = [
			{
				json: {},
				binary: {
					image: { data: makePng(width, height).toString('base64'), mimeType: 'image/png' },
				},
			},
		];
		const failure = await failureOf(
			run(
				sim.baseUrl,
				{
					...createParameters,
					prompt: 'first frame',
					options: { referenceImageBinaryProperty: 'image' },
				},
				{ items },
			),
		);
		expect(failure.message).toMatch(
			new RegExp(`${width}x${height} pixels but the video size is 720x1280`),
		);
		expect(sim.log()).toEqual([]);
	});
});

describe('downloaded files', () => {
	it('are typed from their bytes, not from a wrong Content-Type', async () => {
		const sim = await simulator();
		const created = await run(sim.baseUrl, { ...createParameters, prompt: 'typed by its bytes' });
		const id = String(created.output[0].json.id);
		clock.advance(60_000);
		const baseUrl = await localServer(async (request, body) => {
			const answer = await forward(sim.baseUrl, request, body);
			return request.url!.includes('/content')
				? { ...answer, headers: { 'content-type': 'image/webp' } }
				: answer;
		});
		const downloaded = await run(baseUrl, {
			operation: 'download',
			videoId: id,
			variant: 'video',
			binaryPropertyName: 'data',
		});
		const binary = downloaded.output[0].binary!.data;
		expect(binary.mimeType).toBe('video/mp4');
		expect(binary.fileName).toBe(`${id}.mp4`);
		expect(sha256(downloaded.fileOf(downloaded.output[0]))).toBe(await sim.expectedSha256(id));
	});
});
