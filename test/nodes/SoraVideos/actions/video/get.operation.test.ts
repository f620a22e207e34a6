import type { IDataObject } from 'n8n-workflow';

import { transportSettings } from '../../../../../nodes/SoraVideos/transport';
import type { ServerProfile, SimulatorOptions } from '../../../../../simulator';
import { completedJob } from '../../../../support/download-server';
import { jsonAnswer as json, useLocalServers } from '../../../../support/local-server';
import { createParameters, failureOf, runNode } from '../../../../support/node-context';
import {
	clock,
	create,
	credentialsAt as credentials,
	credentialsFor,
	KEY,
	run,
	runAt,
	simulator,
	useSimulators,
} from '../../../../support/node-harness';
import { itRefusesBeforeSending } from '../../../../support/preflight';
import { createServed, runWithServer } from '../../../../support/self-hosted';
import { useTransportSettings } from '../../../../support/transport-settings';

// Get as a user reads it: the job a server answers (with or without an id, or as a failed job's
// HTTP error), the answers that are failures and not jobs, the Base URL as typed, a cancel,
// answers cut short in any framing, and ids refused before anything is sent.

useSimulators();
useTransportSettings();
const { serve } = useLocalServers();

const get = (videoId: string) => ({ operation: 'get', videoId });

it('a read without an id gives the id that was asked for', async () => {
	const server = await serve(() =>
		json(200, { object: 'video', status: 'in_progress', progress: 40 }),
	);
	const { output } = await runAt(server.baseUrl, get('video_123'));
	expect(output[0].json).toMatchObject({ id: 'video_123', status: 'in_progress', progress: 40 });
});

it("a read with an id keeps the server's own", async () => {
	const server = await serve(() => json(200, { id: 'task_9', object: 'video', status: 'queued' }));
	const { output } = await runAt(server.baseUrl, get('video_123'));
	expect(output[0].json.id).toBe('task_9');
});

describe('API answers', () => {
	it('a 200 holding only an error is a failure with the error, not a job', async () => {
		const server = await serve(() => json(200, { error: { message: 'quota exceeded' } }));
		const failure = await failureOf(
			runNode({
				credentials: credentials(server.baseUrl),
				parameters: { operation: 'get', videoId: 'v1' },
			}),
		);
		expect(failure.message).toBe('Get video v1 failed: quota exceeded');
	});

	it.each([
		['an id but no status', { object: 'video', id: 'v1', error: { message: 'gone' } }],
		['a status but no id', { object: 'video', status: 'failed', error: { message: 'gone' } }],
	])('a 404 naming a video with %s is a failure, not the job', async (_case, body) => {
		const server = await serve(() => json(404, body));
		const failure = await failureOf(
			runNode({
				credentials: credentials(server.baseUrl),
				parameters: { operation: 'get', videoId: 'v1' },
			}),
		);
		expect(failure.message).toBe('Get video v1 failed: gone');
	});

	it.each([300, 301])(
		'an API answer %p (a redirect it may not follow) is a failure naming the status',
		async (status) => {
			const server = await serve(() => ({
				status,
				headers: { location: 'https://elsewhere.example/v1/videos/v1' },
				body: '',
			}));
			const failure = await failureOf(
				runNode({
					credentials: credentials(server.baseUrl),
					parameters: { operation: 'get', videoId: 'v1' },
				}),
			);
			expect(failure.message).toBe(`Get video v1 failed: HTTP ${status}`);
			expect(server.seen).toHaveLength(1);
		},
	);

	it("an error answer in a framework's own shape ({detail}) is a failure, not a job", async () => {
		const server = await serve(() => json(404, { detail: 'Video not found' }));
		const failure = await failureOf(
			runNode({
				credentials: credentials(server.baseUrl),
				parameters: { operation: 'get', videoId: 'v1' },
			}),
		);
		expect(failure.message).toBe('Get video v1 failed: Video not found');
		expect(failure.description).toMatch(
			/^No video with this ID on the server\. Pass the ID on from Create with \{\{ \$json\.id \}\}.*Get Many/,
		);
	});

	it('reads a JSON answer of exactly the size limit, and refuses one byte more', async () => {
		transportSettings.maxJsonBytes = 200;
		const padded = (size: number) => {
			const body = { id: 'v1', object: 'video', status: 'queued', progress: 0, note: '' };
			body.note = 'x'.repeat(size - JSON.stringify(body).length);
			return JSON.stringify(body);
		};
		let size = 200;
		const server = await serve(() => ({
			status: 200,
			headers: { 'content-type': 'application/json' },
			body: padded(size),
		}));
		const get = () =>
			runNode({
				credentials: credentials(server.baseUrl),
				parameters: { operation: 'get', videoId: 'v1' },
			});
		expect((await get()).output[0].json.status).toBe('queued');
		size = 201;
		expect((await failureOf(get())).message).toBe(
			'Get video v1 failed: the answer is larger than 200 bytes',
		);
	});
});

describe('the Base URL', () => {
	it('a Base URL pasted with spaces around it works', async () => {
		const server = await serve(() => completedJob('v1'));
		const { output } = await runNode({
			credentials: credentials(`  ${server.baseUrl} `),
			parameters: { operation: 'get', videoId: 'v1' },
		});
		expect(output[0].json.status).toBe('completed');
		expect(server.seen[0].path).toBe('/v1/videos/v1');
	});

	it.each([
		[undefined, ''],
		['ftp://files.example.com/v1', 'ftp://files.example.com/v1'],
	])('Base URL %p: says it is not an http(s) URL and shows one', async (baseUrl, shown) => {
		const failure = await failureOf(
			runNode({
				credentials: { apiKey: KEY, authHeader: 'bearer', ...(baseUrl ? { baseUrl } : {}) },
				parameters: { operation: 'get', videoId: 'v1' },
			}),
		);
		expect(failure.message).toBe(`The credential's Base URL "${shown}" is not an http(s) URL`);
		expect(failure.description).toBe(
			"Set it to the server's API root, for example https://api.example.com/v1 or http://127.0.0.1:4010/v1.",
		);
	});

	it('takes an https Base URL (a port nobody listens on here fails to connect, not the check)', async () => {
		const failure = await failureOf(
			runNode({
				credentials: credentials('https://127.0.0.1:1/v1'),
				parameters: { operation: 'get', videoId: 'v1' },
			}),
		);
		expect(failure.message).not.toMatch(/not an http\(s\) URL/);
		expect(failure.description).toBe(
			"Check that the credential's Base URL (https://127.0.0.1:1/v1) is reachable from n8n.",
		);
	});
});

describe('a cancel', () => {
	it('while a read is answered: the item stops with "The execution was cancelled", nothing sent after', async () => {
		const controller = new AbortController();
		const server = await serve(() => {
			controller.abort();
			return json(503, { error: 'busy' });
		});
		const failure = await failureOf(
			runNode({
				credentials: credentials(server.baseUrl),
				parameters: { operation: 'get', videoId: 'v1' },
				signal: controller.signal,
			}),
		);
		expect(failure.message).toBe('The execution was cancelled');
		expect(failure.context).toMatchObject({ itemIndex: 0 });
		expect(server.seen).toHaveLength(1);
	});
});

describe('a failed job answered with an HTTP error (vLLM-Omni) is that job', () => {
	it.each([
		['a guardrail block (HTTP 400)', '[moderation]', 400, /blocked by our moderation system/],
		['an engine error (HTTP 500)', '[engine-error]', 500, /CUDA out of memory/],
	])(
		"%s: Get returns the failed video with the server's message, asked once",
		async (_name, marker, status, message) => {
			const sim = await simulator('vllm-omni');
			const job = await createServed(sim, { prompt: `a storm ${marker}` });
			clock.advance(5000);
			const { output } = await runWithServer(sim, { operation: 'get', videoId: job.id });
			expect(output[0].json).toMatchObject({
				id: job.id,
				status: 'failed',
				error: { code: String(status), message: expect.stringMatching(message) },
			});
			expect(
				sim
					.log()
					.filter((entry) => entry.route === 'GET /videos/{id}')
					.map((entry) => entry.status),
			).toEqual([status]);
		},
	);
});

describe('transport', () => {
	it('encodes opaque ids (base64 with "=", "provider:id") as one path segment', async () => {
		for (const profile of ['litellm', 'bifrost', 'reseller-json-content'] as ServerProfile[]) {
			const sim = await simulator(profile);
			const job = await create(sim, profile);
			const { output } = await run(sim, { operation: 'get', videoId: job.id });
			expect(output[0].json.id).toBe(job.id);
			const path = sim.log().filter((entry) => entry.route === 'GET /videos/{id}')[0].path;
			expect(path).toContain(encodeURIComponent(job.id));
		}
	});

	it('says the Base URL is wrong when new-api answers with its web page (Base URL without /v1)', async () => {
		const sim = await simulator('newapi');
		const credentials = credentialsFor(sim, { baseUrl: sim.baseUrl.replace(/\/v1$/, '') });
		const got = await failureOf(
			runNode({ credentials, parameters: { operation: 'get', videoId: 'task_1' } }),
		);
		expect(got.message).toMatch(/Get video task_1 failed: the server's answer is not JSON/);
		expect(got.description).toMatch(/wrong Base URL/);
		const created = await failureOf(runNode({ credentials, parameters: createParameters }));
		expect(created.description).toMatch(/wrong Base URL/);
		expect(sim.log().filter((entry) => entry.route === 'POST /videos')).toHaveLength(0);
	});

	it("works with LiteLLM's routes at the root (a Base URL without /v1)", async () => {
		const sim = await simulator('litellm');
		const credentials = credentialsFor(sim, { baseUrl: sim.baseUrl.replace(/\/v1$/, '') });
		const created = await runNode({
			credentials,
			parameters: createParameters,
		});
		clock.advance(60000);
		const got = await runNode({
			credentials,
			parameters: { operation: 'get', videoId: created.output[0].json.id },
		});
		expect(got.output[0].json.status).toBe('completed');
	});
});

/** The framings some servers use besides plain JSON with its Content-Length. */
const framings: Array<[string, Partial<SimulatorOptions>]> = [
	['gzip-compressed JSON with the compressed Content-Length', { gzip: true }],
	['chunked answers', { chunked: true }],
];

describe('answers cut short', () => {
	// Short enough that stalls cost seconds, long enough that a busy machine does not fake one.
	useTransportSettings({ idleTimeoutMs: 1000 });

	describe.each(framings)('%s', (_name, framing) => {
		it.each(['truncate', 'stall', 'reset'] as const)(
			'a status answer that is cut short (%s) is retried and the job is read whole',
			async (fault) => {
				const sim = await simulator('openai', framing);
				const job = (await run(sim, createParameters)).output[0].json as IDataObject & {
					id: string;
				};
				sim.configure({ faultRate: 1, faultKinds: [fault], maxConsecutiveFaults: 2 });
				const got = await run(sim, { operation: 'get', videoId: job.id });
				expect(got.output[0].json).toMatchObject({ id: job.id, object: 'video' });
				const reads = sim.log().filter((entry) => entry.route === 'GET /videos/{id}');
				expect(reads.map((entry) => entry.fault)).toEqual([fault, fault, null]);
			},
		);
	});

	it('a body that stops part-way on every try says the server stopped sending, not that the Base URL is wrong', async () => {
		const sim = await simulator('openai', { gzip: true });
		const job = (await run(sim, createParameters)).output[0].json as IDataObject & { id: string };
		sim.configure({ faultRate: 1, faultKinds: ['stall'], maxConsecutiveFaults: 100 });
		const failure = await failureOf(run(sim, { operation: 'get', videoId: job.id }));
		expect(failure.message).toMatch(/the server stopped sending: nothing received for 1000 ms/);
		expect(failure.description).toMatch(/answered, then stopped sending part-way/);
		expect(failure.description).not.toMatch(/reachable/);
	});
});

describe('pre-flight checks send no request', () => {
	describe('every locally detectable mistake names the item and the field, and sends nothing', () => {
		itRefusesBeforeSending([
			[
				'get: an id with "/"',
				{ operation: 'get', videoId: 'a/b' },
				'Video ID',
				/"a\/b" is not a usable video ID/,
				null,
			],
			[
				'get: the id ".."',
				{ operation: 'get', videoId: '..' },
				'Video ID',
				/not a usable video ID/,
				null,
			],
		]);

		it('a Base URL without a scheme: says so, and nothing reaches the server it names', async () => {
			const sim = await simulator();
			const withoutScheme = sim.baseUrl.replace(/^http:\/\//, '');
			const failure = await failureOf(
				runNode({
					credentials: credentialsFor(sim, { baseUrl: withoutScheme }),
					parameters: { operation: 'get', videoId: 'video_1' },
				}),
			);
			expect(failure.message).toMatch(/The credential's Base URL ".*" is not an http\(s\) URL/);
			expect(sim.log()).toHaveLength(0);
		});
	});
});
