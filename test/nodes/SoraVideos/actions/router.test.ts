/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// The item loop as a user sees it: what an error item holds, which jobs a failing batch names, what
// an unknown operation says; items run four at a time, keep their input order and pairing, and no
// job is started after a failure without Continue On Fail.
import type { IncomingMessage } from 'node:http';

import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import packageJson from '../../../../package.json';
import { PACKAGE_VERSION } from '../../../../nodes/SoraVideos/version';
import { forward, useLocalServers } from '../../../support/local-server';
import { createParameters, failureOf } from '../../../support/node-context';
import { clock, create, run, runAt, simulator, useSimulators } from '../../../support/node-harness';
import { soraVideosNode } from '../../../support/sora-videos-node';

useSimulators();
const { serveHandler } = useLocalServers();

/** The note a failing batch adds, naming the jobs it started (`jobs` a regex source). */
const startedJobs = (jobs: string) =>
	new RegExp(
		`Jobs already started for other items \\(find them with Get Many or wait for them with Wait for Completion\\): ${jobs}\\.$`,
	);

const threeItems = [{ json: {} }, { json: {} }, { json: {} }];
/** Item 1 asks for a field the server refuses, after the other two were checked and sent. */
const refusedOnItemOne = (itemIndex: number) => ({
	...createParameters,
	options: itemIndex === 1 ? { additionalBodyFields: '{"bogus": 1}' } : {},
});

describe('the item loop', () => {
	it('names every job a failing create batch already started, and only those, in the error', async () => {
		const sim = await simulator();
		const failure = await failureOf(run(sim, refusedOnItemOne, { items: threeItems }));
		const started = sim
			.log()
			.filter((entry) => entry.route === 'POST /videos' && entry.status === 200);
		expect(started).toHaveLength(2);
		expect(failure.description).toMatch(startedJobs('item 0: video_\\w+, item 2: video_\\w+'));
	});

	it('names no jobs when the failing create was the only item', async () => {
		const sim = await simulator();
		const failure = await failureOf(run(sim, refusedOnItemOne, { items: threeItems.slice(0, 2) }));
		expect(failure.description).toMatch(/item 0: video_\w+\.$/);
		const alone = await failureOf(
			run(sim, { ...createParameters, options: { additionalBodyFields: '{"bogus": 1}' } }),
		);
		// The server's own account, with nothing appended and nothing around it.
		expect(alone.description).toMatch(
			/^HTTP 400, code unknown_parameter, .*Server said: \{.*\}\}$/,
		);
	});

	it('does not call jobs that were only read "started" when a Get batch fails', async () => {
		const sim = await simulator();
		const { output } = await run(sim, createParameters);
		const ids = [output[0].json.id, 'video_does_not_exist'];
		const failure = await failureOf(
			run(sim, (itemIndex) => ({ operation: 'get', videoId: ids[itemIndex] }), {
				items: [{ json: {} }, { json: {} }],
			}),
		);
		expect(failure.message).toMatch(/video_does_not_exist/);
		expect(failure.description).not.toMatch(/Jobs already started/);
	});

	it('gives an error item only the fields the failure has (no request id, no HTTP code for a bad input)', async () => {
		const sim = await simulator();
		const { output } = await run(sim, { operation: 'get', videoId: ' ' }, { continueOnFail: true });
		expect(Object.keys(output[0].json).sort()).toEqual(['description', 'error']);
		expect(output[0].json.error).toMatch(/^Item 0, field "Video ID": the video ID is empty/);
	});

	it('names the row whose credential fails (an expression in it) before any job is sent', async () => {
		const sim = await simulator();
		// n8n-core throws a plain error when an expression in the credential fails for a row.
		const failOnItemOne = (itemIndex: number) => {
			if (itemIndex === 1) throw new Error('invalid syntax in the API Key expression');
		};
		const failure = await failureOf(
			run(sim, createParameters, { items: threeItems, onGetCredentials: failOnItemOne }),
		);
		expect(failure.message).toBe('invalid syntax in the API Key expression');
		expect(failure.context?.itemIndex).toBe(1);
		expect(sim.log()).toHaveLength(0);

		const { output } = await run(
			sim,
			{ operation: 'get', videoId: 'video_any' },
			{ items: threeItems.slice(0, 2), onGetCredentials: failOnItemOne, continueOnFail: true },
		);
		// Nothing but the message: no empty description, HTTP code or request ID to puzzle over.
		expect(output[1]).toStrictEqual({
			json: { error: 'invalid syntax in the API Key expression' },
			pairedItem: { item: 1 },
		});
	});

	it('says which item it was on when no credential is chosen (n8n-core names none)', async () => {
		const sim = await simulator();
		const noCredential = () => {
			throw new NodeOperationError(
				soraVideosNode,
				'Node does not have any credentials set for "soraVideosApi"!',
			);
		};
		const failure = await failureOf(
			run(sim, createParameters, { items: threeItems, onGetCredentials: noCredential }),
		);
		expect(failure.message).toMatch(/does not have any credentials set/);
		expect(failure.context?.itemIndex).toBe(0);
		expect(sim.log()).toHaveLength(0);
	});

	it('names the jobs a cancelled remix batch had already started, even with Continue On Fail', async () => {
		const sim = await simulator();
		const source = await create(sim, 'openai');
		clock.advance(60_000);
		const controller = new AbortController();
		// Remix sends one item at a time: the cancel comes as the second row is about to be sent.
		const cancelAtItemOne = (itemIndex: number) => {
			if (itemIndex === 1) controller.abort();
		};
		const failure = await failureOf(
			run(
				sim,
				{ operation: 'remix', videoId: source.id, prompt: 'same, at night' },
				{
					items: threeItems,
					signal: controller.signal,
					continueOnFail: true,
					onGetCredentials: cancelAtItemOne,
				},
			),
		);
		expect(failure.message).toMatch(/cancelled/);
		expect(failure.context?.itemIndex).toBe(1);
		expect(failure.description).toMatch(new RegExp(`^${startedJobs('item 0: video_\\w+').source}`));
		expect(sim.log().filter((entry) => entry.route.endsWith('/remix'))).toHaveLength(1);
	});

	it('names an operation or resource it does not know, and this version, and sends nothing', async () => {
		const sim = await simulator();
		const failure = await failureOf(run(sim, { operation: 'explode' }));
		expect(failure.message).toBe(
			`The operation "explode" of resource "video" is not known to n8n-nodes-sora-videos ${PACKAGE_VERSION}`,
		);
		expect(failure.description).toMatch(/newer version of the package/);
		const unknownResource = await failureOf(run(sim, { resource: 'audio', operation: 'create' }));
		expect(unknownResource.message).toMatch(/operation "create" of resource "audio" is not known/);
		expect(sim.log()).toHaveLength(0);
	});

	it('knows its own version: the one package.json publishes', () => {
		expect(PACKAGE_VERSION).toBe(packageJson.version);
	});
});

describe('several items', () => {
	const prompts = ['one', 'two [moderation]', 'three'];
	const createOf = (itemIndex: number) => ({
		operation: 'create',
		prompt: itemIndex === 1 ? '' : prompts[itemIndex],
		model: 'sora-2',
		seconds: '4',
		size: '720x1280',
		options: {},
	});

	it('keeps the other items with Continue On Fail, in input order with pairing', async () => {
		const sim = await simulator();
		const items = prompts.map((prompt) => ({ json: { prompt } }));
		const { output } = await run(sim, createOf, { items, continueOnFail: true });
		expect(output).toHaveLength(3);
		expect(output.map((item) => (item.pairedItem as unknown as IDataObject).item)).toEqual([
			0, 1, 2,
		]);
		expect(output[1].json.error).toMatch(/Item 1, field "Prompt"/);
		expect(output[0].json.prompt).toBe('one');
		expect(output[2].json.prompt).toBe('three');
	});

	it('without Continue On Fail, a bad row fails the run before any job is started', async () => {
		const sim = await simulator();
		const items = prompts.map((prompt) => ({ json: { prompt } }));
		const failure = await failureOf(run(sim, createOf, { items }));
		expect(failure.message).toMatch(/Item 1, field "Prompt"/);
		expect(sim.log()).toHaveLength(0);
		const remix = await failureOf(
			run(
				sim,
				(index) => ({
					operation: 'remix',
					videoId: 'video_1',
					prompt: index === 2 ? ' ' : 'again',
				}),
				{ items },
			),
		);
		expect(remix.message).toMatch(/Item 2, field "Prompt"/);
		expect(sim.log()).toHaveLength(0);
	});

	it('without Continue On Fail, a server refusal fails the run and names the jobs already started', async () => {
		const sim = await simulator();
		const items = prompts.map((prompt) => ({ json: { prompt } }));
		const refusedByServer = (itemIndex: number) => ({
			...createOf(0),
			options: itemIndex === 1 ? { additionalBodyFields: '{"bogus": 1}' } : {},
		});
		const failure = await failureOf(run(sim, refusedByServer, { items }));
		expect(failure.message).toMatch(/Unknown parameter: 'bogus'/);
		expect(failure.description).toMatch(/Jobs already started for other items.*item 0: video_/);
	});
});

const shots = (count: number) =>
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
	const { baseUrl } = await serveHandler(async (request, body) => {
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
			const created = await runAt(
				sim.baseUrl,
				(index) => ({ ...createParameters, prompt: `shot ${index}` }),
				{ items: shots(9) },
			);
			clock.advance(60_000);
			const proxy = await countingProxy(sim, held);
			const parameters = (index: number) => ({
				operation,
				videoId: created.output[index].json.id,
				variant: 'thumbnail',
				binaryPropertyName: 'data',
			});
			const { output } = await runAt(proxy.baseUrl, parameters, { items: created.output });
			expect(proxy.stats.mostOpen).toBe(4);
			expect(output.map((item) => item.json.id)).toEqual(
				created.output.map((item) => item.json.id),
			);
		},
	);

	it('runs creates four at a time and keeps the output in input order', async () => {
		const sim = await simulator();
		const proxy = await countingProxy(sim, isCreate);
		const { output } = await runAt(
			proxy.baseUrl,
			(index) => ({ ...createParameters, prompt: `shot ${index}`, options: { sendAsJson: true } }),
			{ items: shots(9) },
		);
		expect(proxy.stats.mostOpen).toBe(4);
		expect(output.map((item) => item.json.prompt)).toEqual(
			shots(9).map((item) => item.json.prompt),
		);
		expect(sim.count('POST /videos')).toBe(9);
	});

	it('without Continue On Fail, starts no further job once a create failed', async () => {
		const sim = await simulator();
		const proxy = await countingProxy(sim, isCreate, (prompt) => prompt === 'shot 1');
		const failure = await failureOf(
			runAt(
				proxy.baseUrl,
				(index) => ({
					...createParameters,
					prompt: `shot ${index}`,
					options: { sendAsJson: true },
				}),
				{ items: shots(12) },
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
		const { output } = await runAt(
			proxy.baseUrl,
			(index) => ({ ...createParameters, prompt: `shot ${index}`, options: { sendAsJson: true } }),
			{ items: shots(3), continueOnFail: true },
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
		const created = await runAt(sim.baseUrl, { ...createParameters, prompt: 'slow' });
		const id = String(created.output[0].json.id);
		const { output } = await runAt(
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
