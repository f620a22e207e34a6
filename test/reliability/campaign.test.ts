import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { transportSettings } from '../../nodes/SoraVideos/transport';
import {
	FAULT_KINDS,
	startSimulator,
	type Simulator,
	type SimulatorOptions,
} from '../../simulator';
import { eventLoopTurnsUntil } from '../support/event-loop';
import { forward, startLocalServer, type LocalHandler } from '../support/local-server';
import {
	createParameters,
	failureOf,
	runNode,
	type RunOptions,
	type RunResult,
} from '../support/node-context';
import { VirtualClock } from '../support/virtual-clock';

/** Recognisable, so any leak shows up in a plain text search. */
const KEY = 'sk-LEAKCHECK-4b1d-9e77-secret';

let clock: VirtualClock;
let restoreClock: () => void;
const cleanups: Array<() => Promise<void>> = [];

beforeEach(() => {
	clock = new VirtualClock();
	restoreClock = clock.install();
	transportSettings.idleTimeoutMs = 150;
});
afterEach(async () => {
	restoreClock();
	transportSettings.idleTimeoutMs = 60000;
	await Promise.all(cleanups.splice(0).map(async (cleanup) => await cleanup()));
});

async function simulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
	const sim = await startSimulator({ apiKey: KEY, renderMs: 20000, now: clock.now, ...options });
	cleanups.push(async () => await sim.stop());
	return sim;
}

async function run(
	baseUrl: string,
	parameters: RunOptions['parameters'],
	rest: Partial<RunOptions> = {},
) {
	return await runNode({
		credentials: { apiKey: KEY, baseUrl, authHeader: 'bearer' },
		parameters,
		...rest,
	});
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function leakFree(...values: unknown[]) {
	const text = JSON.stringify(values, (_key, value: unknown) =>
		value instanceof Error
			? { message: value.message, description: (value as { description?: string }).description }
			: value,
	);
	expect(text).not.toContain(KEY);
}

describe('fault campaign', () => {
	it('100 jobs through Create → Wait → Download with 30 % of reads failing: nothing lost, nothing duplicated', async () => {
		const sim = await simulator({ faultRate: 0.3, faultSeed: 2026 });
		// One prompt for all: the simulator renders each distinct prompt's video once (about a third of a
		// CPU second), and this test is about the transport; each job's MP4 still differs (its id is in it).
		const prompts = Array.from({ length: 100 }, () => ({ json: { prompt: 'campaign shot' } }));
		const created = await run(
			sim.baseUrl,
			() => ({ ...createParameters, prompt: 'campaign shot' }),
			{ items: prompts },
		);
		expect(created.output).toHaveLength(100);

		const waited: RunResult = await run(
			sim.baseUrl,
			(index) => ({
				operation: 'waitForCompletion',
				videoId: created.output[index].json.id,
				options: { download: true },
			}),
			{ items: created.output },
		);
		const ids = created.output.map((item) => item.json.id);
		expect(new Set(ids).size).toBe(100);
		expect(waited.output.map((item) => item.json.id)).toEqual(ids);
		expect(waited.output.every((item) => item.json.status === 'completed')).toBe(true);
		for (const item of waited.output) {
			expect(sha256(waited.fileOf(item))).toBe(await sim.expectedSha256(String(item.json.id)));
		}
		expect(sim.count('POST /videos')).toBe(100);
		// Every kind of fault happened, on more than a quarter of the reads (30 % drawn; the simulator
		// never fails one route more than 3 times in a row, so a few draws are skipped).
		const reads = sim.log().filter((entry) => entry.method === 'GET');
		const faults = reads.filter((entry) => entry.fault);
		expect(new Set(faults.map((entry) => entry.fault))).toEqual(new Set(FAULT_KINDS));
		expect(faults.length / reads.length).toBeGreaterThan(0.25);
		leakFree(created.output, waited.output, waited.logs, waited.messages);
	});
});

describe('ambiguous create', () => {
	it('does not retry a create whose connection dropped, and says how to find the job', async () => {
		const sim = await simulator({ dropCreateConnection: true });
		const failure = await failureOf(
			run(sim.baseUrl, { ...createParameters, prompt: 'maybe started' }),
		);
		expect(failure.message).toMatch(/^Create failed/);
		expect(failure.description).toMatch(/may have started the job.*Get Many/);
		expect(sim.count('POST /videos')).toBe(1);
		sim.configure({ dropCreateConnection: false });
		const listed = await run(sim.baseUrl, { operation: 'getMany', returnAll: true, options: {} });
		expect(listed.output.map((item) => item.json.prompt)).toEqual(['maybe started']);
	});

	it('marks the error item as possibly started with Continue On Fail', async () => {
		const sim = await simulator({ dropCreateConnection: true });
		const { output } = await run(
			sim.baseUrl,
			{ ...createParameters, prompt: 'p' },
			{ continueOnFail: true },
		);
		expect(output[0].json).toMatchObject({
			mayHaveStartedJob: true,
			error: expect.stringMatching(/^Create failed/),
		});
		expect(output[0].json.description).toMatch(/may have started the job.*Get Many/);
		expect(sim.count('POST /videos')).toBe(1);
	});

	it('retries a create the server refused with 429', async () => {
		// A second server answers 429 once, then forwards to the simulator: the retry is safe.
		const sim = await simulator();
		let posts = 0;
		const proxy = await localServer(async (request, body) => {
			if (request.method === 'POST' && posts++ === 0)
				return {
					status: 429,
					headers: { 'retry-after': '1' },
					body: '{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}',
				};
			return await forward(sim.baseUrl, request, body);
		});
		const { output } = await run(`${proxy}/v1`, {
			...createParameters,
			prompt: 'p',
			options: { sendAsJson: true },
		});
		expect(output[0].json.status).toBe('queued');
		expect(sim.count('POST /videos')).toBe(1);
		expect(clock.sleeps).toContain(1000);
	});
});

async function localServer(handler: LocalHandler): Promise<string> {
	const server = await startLocalServer(handler);
	cleanups.push(server.stop);
	return server.origin;
}

describe('bad answers from a server', () => {
	const answer = (status: number, contentType: string, body: string | Buffer) => async () => ({
		status,
		headers: { 'content-type': contentType, 'x-request-id': 'req_bad_1' },
		body,
	});

	it.each([
		[
			'a non-JSON error body',
			answer(400, 'text/plain', 'bad things happened'),
			/Get video v1 failed: HTTP 400/,
			/bad things happened/,
			1,
		],
		[
			'an HTML 502 page',
			answer(502, 'text/html', '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>'),
			/HTML page/,
			/wrong Base URL/,
			6,
		],
		[
			'an HTML 200 page (wrong base URL)',
			answer(200, 'text/html', '<html><body>new-api dashboard</body></html>'),
			/not JSON/,
			/wrong Base URL/,
			1,
		],
		[
			'a new-api task error',
			answer(
				400,
				'application/json',
				'{"code":"task_not_exist","message":"task_not_exist","data":null}',
			),
			/task_not_exist/,
			/request id req_bad_1/,
			1,
		],
		[
			'a FastAPI detail',
			answer(404, 'application/json', '{"detail":"Not Found"}'),
			/Not Found/,
			/HTTP 404/,
			1,
		],
		[
			'a 200 that carries nothing but an error',
			answer(
				200,
				'application/json',
				'{"error":{"message":"task not exist","code":"task_not_exist"}}',
			),
			/Get video v1 failed: task not exist/,
			/HTTP 200, code task_not_exist/,
			1,
		],
		[
			'a huge JSON body',
			answer(200, 'application/json', `{"id":"v1","pad":"${'x'.repeat(17 * 1024 * 1024)}"}`),
			/Get video v1 failed: the answer is larger than 16777216 bytes/,
			/HTTP 200, request id req_bad_1\. Server said: \{"id":"v1","pad":"xxx/,
			1,
		],
	])(
		'reports %s clearly, asking again only if a retry can help',
		async (_name, handler, message, description, expectedRequests) => {
			// No stall is under test here: a 17 MiB body on a busy machine can pause longer than this file's 150 ms.
			transportSettings.idleTimeoutMs = 60_000;
			let requests = 0;
			const base = await localServer(async () => {
				requests++;
				return await handler();
			});
			const failure = await failureOf(run(`${base}/v1`, { operation: 'get', videoId: 'v1' }));
			expect(failure.message).toMatch(message);
			expect(failure.description ?? '').toMatch(description);
			// 5xx answers are retried (5 times); the others would be the same again.
			expect(requests).toBe(expectedRequests);
		},
	);
});

describe('servers that misbehave in ways the status rules cannot see', () => {
	const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
		status,
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const video = (id: string) => ({
		id,
		object: 'video',
		status: 'completed',
		progress: 100,
		model: 'sora-2',
		created_at: 1,
	});

	it.each([
		[
			'ignores the cursor (the same page again and again)',
			(_after: string | null) => ({ data: [video('a'), video('b')], has_more: true, last_id: 'b' }),
			['a', 'b'],
			2,
		],
		[
			'cycles its cursors (a → b → a)',
			(after: string | null) =>
				after === 'b'
					? { data: [video('c')], has_more: true, last_id: 'a' }
					: {
							data: after === 'a' ? [video('b')] : [video('a')],
							has_more: true,
							last_id: after === 'a' ? 'b' : 'a',
						},
			['a', 'b', 'c'],
			// The third page hands back cursor a, already used: no fourth request.
			3,
		],
		[
			'sends the same videos under ever new cursors',
			(after: string | null) => {
				const page = Number(after?.slice(1) ?? 0) + 1;
				return { data: [video('a'), video('b')], has_more: page < 10, last_id: `c${page}` };
			},
			['a', 'b'],
			2,
		],
	] as const)(
		'Get Many with Return All stops when a server %s, keeping each video once',
		async (_name, pageAfter, expectedIds, expectedRequests) => {
			let requests = 0;
			const base = await localServer(async (request) => {
				requests++;
				return json(200, {
					object: 'list',
					...pageAfter(new URL(request.url!, 'http://x').searchParams.get('after')),
				});
			});
			const listed = await run(`${base}/v1`, {
				operation: 'getMany',
				returnAll: true,
				options: {},
			});
			expect(listed.output.map((item) => item.json.id)).toEqual(expectedIds);
			expect(requests).toBe(expectedRequests);
			expect(listed.logs.some((line) => /already sent/.test(line))).toBe(true);
		},
	);

	it('Wait for Completion honours a retry-after on a status answer as the time of the next look', async () => {
		let polls = 0;
		const base = await localServer(async () => {
			polls++;
			const done = polls >= 3;
			return json(
				200,
				{ ...video('v1'), status: done ? 'completed' : 'in_progress', progress: done ? 100 : 10 },
				done ? {} : { 'retry-after': '30' },
			);
		});
		const waited = await run(`${base}/v1`, {
			operation: 'waitForCompletion',
			videoId: 'v1',
			options: {},
		});
		expect(waited.output[0].json).toMatchObject({ status: 'completed', wait: { polls: 3 } });
		expect((waited.output[0].json.wait as IDataObject).waited_seconds).toBe(60);
	});

	it('stores the file when /content answers JSON carrying it as base64 (b64_json), typed from its bytes', async () => {
		const mp4 = readFileSync(join(__dirname, '..', 'fixtures', 'video.mp4'));
		const base = await localServer(async (request) =>
			request.url!.endsWith('/content')
				? json(200, { object: 'video.content', b64_json: mp4.toString('base64') })
				: json(200, video('v1')),
		);
		const downloaded = await run(`${base}/v1`, {
			operation: 'download',
			videoId: 'v1',
			variant: 'video',
			binaryPropertyName: 'data',
		});
		expect(downloaded.fileOf(downloaded.output[0]).equals(mp4)).toBe(true);
		expect(downloaded.output[0].binary?.data).toMatchObject({
			mimeType: 'video/mp4',
			fileName: 'v1.mp4',
		});
	});

	it('reports a delete the server answered with "deleted": false as a failure', async () => {
		const base = await localServer(async () =>
			json(200, { id: 'v1', object: 'video.deleted', deleted: false }),
		);
		const failure = await failureOf(run(`${base}/v1`, { operation: 'delete', videoId: 'v1' }));
		expect(failure.message).toMatch(
			/Delete of video v1 failed: the server answered "deleted": false/,
		);
	});

	it('sends a create once even when the failed answer says x-should-retry: true', async () => {
		let posts = 0;
		const base = await localServer(async () => {
			posts++;
			return json(
				500,
				{ error: { message: 'upstream hiccup', type: 'server_error' } },
				{ 'x-should-retry': 'true' },
			);
		});
		const failure = await failureOf(
			run(`${base}/v1`, { ...createParameters, prompt: 'a paid job' }),
		);
		expect(failure.message).toMatch(/upstream hiccup/);
		expect(posts).toBe(1);
	});
});

describe('secrets', () => {
	it('keeps the key out of outputs, errors and logs, and away from a second origin', async () => {
		const sim = await simulator({ contentRedirect: true });
		const created = await run(sim.baseUrl, { ...createParameters, prompt: 'secret check' });
		const waited = await run(
			sim.baseUrl,
			{
				operation: 'waitForCompletion',
				videoId: created.output[0].json.id,
				options: { download: true },
			},
			{ items: created.output },
		);
		const failing = await run(
			sim.baseUrl,
			{ operation: 'get', videoId: 'video_does_not_exist' },
			{ continueOnFail: true },
		);
		const wrongKey = await failureOf(
			runNode({
				credentials: { apiKey: `${KEY}-wrong`, baseUrl: sim.baseUrl, authHeader: 'bearer' },
				parameters: { operation: 'get', videoId: 'v' },
			}),
		);
		leakFree(
			created,
			waited.output,
			waited.logs,
			waited.messages,
			failing.output,
			failing.logs,
			wrongKey,
		);
		const fileRequests = sim.log().filter((entry) => entry.origin === 'files');
		expect(fileRequests.length).toBeGreaterThan(0);
		for (const entry of fileRequests) expect(entry.headers.authorization).toBeUndefined();
	});

	it.each([
		["Azure's api-key header", 'openai', { authHeader: 'apiKey' }, 'api-key'],
		[
			'a custom header (LiteLLM)',
			'litellm',
			{ authHeader: 'custom', headerName: 'x-litellm-api-key' },
			'x-litellm-api-key',
		],
	] as const)(
		'sends the key in %s to the API only, never to the second origin of a redirect',
		async (_name, profile, auth, header) => {
			const sim = await simulator({ profile, contentRedirect: true });
			const credentials = { apiKey: KEY, baseUrl: sim.baseUrl, ...auth };
			const created = await runNode({
				credentials,
				parameters: { ...createParameters, prompt: 'header check' },
			});
			clock.advance(60000);
			const downloaded = await runNode({
				credentials,
				parameters: {
					operation: 'download',
					videoId: created.output[0].json.id,
					variant: 'video',
					binaryPropertyName: 'data',
				},
			});
			expect(sha256(downloaded.fileOf(downloaded.output[0]))).toBe(
				await sim.expectedSha256(String(created.output[0].json.id)),
			);
			leakFree(created.output, downloaded.output, downloaded.logs);
			const content = sim.log().filter((entry) => entry.route === 'GET /videos/{id}/content');
			expect(content.length).toBeGreaterThan(0);
			for (const entry of content) expect(entry.headers[header]).toBe('[redacted]');
			const fileRequests = sim.log().filter((entry) => entry.origin === 'files');
			expect(fileRequests.length).toBeGreaterThan(0);
			for (const entry of fileRequests) {
				for (const name of ['authorization', 'api-key', 'x-litellm-api-key'])
					expect(entry.headers[name]).toBeUndefined();
			}
		},
	);

	it('redacts a key that a server echoes in its error message', async () => {
		const base = await localServer(async () => ({
			status: 401,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				error: {
					message: `Incorrect API key provided: ${KEY}`,
					type: 'invalid_request_error',
					code: 'invalid_api_key',
				},
			}),
		}));
		const failure = await failureOf(run(`${base}/v1`, { operation: 'get', videoId: 'v' }));
		expect((failure as Error).message).toContain('[redacted]');
		leakFree(failure);
	});
	it('redacts the key from a failure the HTTP client reports, such as a header line pasted into Header Name', async () => {
		const base = await localServer(async () => ({ status: 200, headers: {}, body: '{}' }));
		const failure = await failureOf(
			runNode({
				credentials: {
					apiKey: KEY,
					baseUrl: `${base}/v1`,
					authHeader: 'custom',
					headerName: `x-api-key: ${KEY}`,
				},
				parameters: { operation: 'get', videoId: 'v' },
			}),
		);
		expect(failure.message).toMatch(/^Get video v failed: .*\[redacted\]/);
		leakFree(failure);
	});
});

describe('cancellation', () => {
	it('sends no request after the cancel and aborts the request in flight', async () => {
		const sim = await simulator();
		const created = await run(sim.baseUrl, { ...createParameters, prompt: 'to cancel' });
		const controller = new AbortController();
		let reads = 0;
		let requestsAfterCancel = 0;
		let inFlightClosed = false;
		// A proxy in front of the simulator: the third status read is cancelled while in flight and never answered.
		const proxy = await localServer(async (request, body) => {
			if (controller.signal.aborted) requestsAfterCancel++;
			if (++reads === 3) {
				request.socket.once('close', () => (inFlightClosed = true));
				controller.abort();
				return await new Promise<never>(() => undefined);
			}
			return await forward(sim.baseUrl, request, body);
		});
		const started = Date.now();
		const outcome = run(
			`${proxy}/v1`,
			{ operation: 'waitForCompletion', videoId: created.output[0].json.id, options: {} },
			{ signal: controller.signal, continueOnFail: true },
		);
		await expect(outcome).rejects.toThrow(/cancelled|aborted/i);
		expect(Date.now() - started).toBeLessThan(1000);
		expect(reads).toBe(3);
		// The request in flight is aborted: its connection closes without an answer.
		await eventLoopTurnsUntil(() => inFlightClosed);
		expect(inFlightClosed).toBe(true);
		// Nothing wakes up later to send another: a minute of the node's (virtual) time passes in silence.
		clock.advance(60_000);
		await eventLoopTurnsUntil(() => requestsAfterCancel > 0, 200);
		expect(requestsAfterCancel).toBe(0);
	});
});

describe('cancellation between polls', () => {
	it('a cancel while Wait for Completion sleeps ends the wait at once instead of sleeping out the interval', async () => {
		const sim = await simulator();
		const created = await run(sim.baseUrl, {
			...createParameters,
			prompt: 'cancelled while asleep',
		});
		const controller = new AbortController();
		clock.onSleep = () => controller.abort();
		const started = clock.now();
		const outcome = run(
			sim.baseUrl,
			{
				operation: 'waitForCompletion',
				videoId: created.output[0].json.id,
				options: { pollIntervalSeconds: 10 },
			},
			{ signal: controller.signal },
		);
		await expect(outcome).rejects.toThrow(/cancelled|aborted/i);
		expect(clock.sleeps).toEqual([10_000]);
		// n8n's sleep(ms, signal) ends when the signal aborts: none of the 10 s passed.
		expect(clock.now() - started).toBeLessThan(10_000);
		expect(sim.count('GET /videos/{id}')).toBe(1);
	});
});

describe('truncation', () => {
	it('retries a download shorter than its Content-Length and never stores it short', async () => {
		const sim = await simulator({
			faultRate: 1,
			faultKinds: ['truncate'],
			maxConsecutiveFaults: 2,
		});
		sim.configure({ faultRate: 0 });
		const created = await run(sim.baseUrl, { ...createParameters, prompt: 'short file' });
		clock.advance(60000);
		sim.configure({ faultRate: 1 });
		const downloaded = await run(sim.baseUrl, {
			operation: 'download',
			videoId: created.output[0].json.id,
			variant: 'video',
			binaryPropertyName: 'data',
		});
		const item: INodeExecutionData = downloaded.output[0];
		expect(sha256(downloaded.fileOf(item))).toBe(await sim.expectedSha256(String(item.json.id)));
		expect(sim.log().filter((entry) => entry.fault === 'truncate').length).toBeGreaterThan(0);
		expect(downloaded.files.size).toBe(1);
		expect((item.json as IDataObject).status).toBe('completed');
	});
});
