/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- Node tooling, not published (DEVELOPERS.md) */
import { jsonAnswer as json, useLocalServers, type Route } from '../../../../support/local-server';
import { createParameters, failureOf, runNode } from '../../../../support/node-context';
import {
	clock,
	credentialsFor,
	expectNoKey,
	run,
	runAt,
	simulator,
	useSimulators,
} from '../../../../support/node-harness';
import { runWithServer, servedModelCreate } from '../../../../support/self-hosted';

// What Create makes of a server's answers, as a user reads them: a success without a job id, the
// hint a refusal gets (a retired model or endpoint, a "Model mismatch" naming the models a server
// lists) and the ones it must not get, a connection refused, and never the key. What a create
// sends: create.operation.bodies.test.ts; what it refuses before sending:
// create.operation.inputs.test.ts.

useSimulators();
const { serve } = useLocalServers();

const mismatch = {
	error: { message: "Model mismatch: request specifies 'sora-2' but server is running 'wan'" },
};
const refusing =
	(models: () => ReturnType<Route>): Route =>
	(request) =>
		request.url.pathname.endsWith('/models') ? models() : json(400, mismatch);

describe('a 2xx answer without a job id', () => {
	it('fails the item: the request was accepted, but there is no job to wait for', async () => {
		const answer = { object: 'video', status: 'queued', progress: 0 };
		const server = await serve(() => json(200, answer));
		const failure = await failureOf(runAt(server.baseUrl, createParameters));
		expect(failure.message).toBe(
			'Create failed: the server accepted the request but returned no job ID',
		);
		expect(failure.description).toBe(`It answered HTTP 200: ${JSON.stringify(answer)}`);
		expect(failure).toMatchObject({ httpCode: '200', context: { itemIndex: 0 } });
		expect(server.seen.map((request) => `${request.method} ${request.path}`)).toEqual([
			'POST /v1/videos',
		]);
	});
});

describe('"Model mismatch" from a server whose model list cannot help', () => {
	it.each([
		['answers 404', () => json(404, { error: { message: 'no route' } })],
		['lists no model', () => json(200, { object: 'list', data: [] })],
	])(
		"when /models %s, the error is the server's own, with no list of models",
		async (_case, models) => {
			const server = await serve(refusing(models));
			const failure = await failureOf(runAt(server.baseUrl, createParameters));
			expect(failure.message).toBe(`Create failed: ${mismatch.error.message}`);
			expect(failure.description).toBe(`HTTP 400. Server said: ${JSON.stringify(mismatch)}`);
			expect(server.seen.map((request) => request.url.pathname)).toEqual([
				'/v1/videos',
				'/v1/models',
			]);
		},
	);

	it('another refusal does not ask the server for its models', async () => {
		const server = await serve(() => json(400, { error: { message: 'size is not supported' } }));
		await failureOf(runAt(server.baseUrl, createParameters));
		expect(server.seen.map((request) => request.url.pathname)).toEqual(['/v1/videos']);
	});
});

describe('"Model mismatch" names the models the server lists', () => {
	it('names only the entries with a usable id, in the order the server lists them', async () => {
		const server = await serve(
			refusing(() =>
				json(200, {
					object: 'list',
					data: [{ id: 'wan' }, { id: '' }, { id: 7 }, { object: 'model' }, { id: 'wan-i2v' }],
				}),
			),
		);
		const failure = await failureOf(runAt(server.baseUrl, createParameters));
		expect(failure.description).toBe(
			`This server serves wan, wan-i2v: pick it as the Model, or leave Model empty so the server uses its own. HTTP 400. Server said: ${JSON.stringify(mismatch)}`,
		);
	});

	it('a model list without a data array names none', async () => {
		const server = await serve(refusing(() => json(200, { object: 'list', models: ['wan'] })));
		const failure = await failureOf(runAt(server.baseUrl, createParameters));
		expect(failure.description).toBe(`HTTP 400. Server said: ${JSON.stringify(mismatch)}`);
	});

	it('"Model mismatch": the error names the models the server lists', async () => {
		const sim = await simulator('vllm-omni', { servedModel: 'Wan-AI/Wan2.1-T2V-1.3B-Diffusers' });
		const failure = await failureOf(
			runWithServer(sim, servedModelCreate({ model: 'sora-2', size: '720x1280' })),
		);
		expect(failure.message).toMatch(
			/Create failed: Model mismatch: request specifies 'sora-2' but server is running 'Wan-AI\/Wan2.1-T2V-1.3B-Diffusers'/,
		);
		expect(failure.description).toMatch(
			/This server serves Wan-AI\/Wan2.1-T2V-1.3B-Diffusers: pick it as the Model, or leave Model empty/,
		);
		expect(sim.count('POST /videos')).toBe(1);
	});
});

describe('Create', () => {
	const retiredHint =
		"This model or endpoint looks retired: OpenAI shut its Videos API down on 2026-09-24 and Azure retired Sora 2 on 2026-10-15. Point the credential's Base URL at a server that still speaks the protocol (a LiteLLM proxy, new-api, Bifrost, vLLM-Omni, TensorRT-LLM, or the local simulator) and use a model ID it serves.";

	it.each([
		['a 410', 410, { error: { message: 'Gone' } }, 'HTTP 410.'],
		[
			'a 404 model_not_found',
			404,
			{ error: { message: 'The model sora-2 does not exist', code: 'model_not_found' } },
			'HTTP 404, code model_not_found.',
		],
		[
			'a 404 DeploymentNotFound',
			404,
			{ error: { code: 'DeploymentNotFound', message: 'No deployment' } },
			'HTTP 404, code DeploymentNotFound.',
		],
	])('%s says the model or endpoint looks retired', async (_case, status, body, details) => {
		const server = await serve(() => json(status, body));
		const failure = await failureOf(runAt(server.baseUrl, createParameters));
		expect(failure.message).toBe(`Create failed: ${body.error.message}`);
		expect(failure.description).toBe(
			`${retiredHint} ${details} Server said: ${JSON.stringify(body)}`,
		);
	});

	it.each([
		['a 404 that is not about a model', 404, { error: { message: 'no such route' } }],
		['a 400 that says "does not exist"', 400, { error: { message: 'The size does not exist' } }],
	])('%s does not say the model is retired', async (_case, status, body) => {
		const server = await serve(() => json(status, body));
		const failure = await failureOf(runAt(server.baseUrl, createParameters));
		expect(failure.message).toBe(`Create failed: ${body.error.message}`);
		expect(failure.description).toBe(`HTTP ${status}. Server said: ${JSON.stringify(body)}`);
	});

	it('never puts the key in errors, and explains a retired endpoint', async () => {
		const sim = await simulator('openai', { retired: '410' });
		const failure = await failureOf(run(sim, createParameters));
		expect(failure.description).toMatch(/retired.*2026-09-24/);
		expectNoKey({ message: failure.message, description: failure.description });
		const wrongKey = await failureOf(
			runNode({
				credentials: credentialsFor(sim, { apiKey: 'sk-wrong-key-1234' }),
				parameters: { operation: 'get', videoId: 'video_1' },
			}),
		);
		expect(wrongKey.message).toMatch(/Get video video_1 failed/);
		expect(JSON.stringify({ m: wrongKey.message, d: wrongKey.description })).not.toContain(
			'sk-wrong-key-1234',
		);
	});
});

describe('the Base URL', () => {
	it('a create whose connection is refused is tried again (it never reached the server), then points at the Base URL', async () => {
		const failure = await failureOf(runAt('http://127.0.0.1:1/v1', createParameters));
		expect(clock.sleeps).toHaveLength(5);
		expect(failure.description).toBe(
			"Check that the credential's Base URL (http://127.0.0.1:1/v1) is reachable from n8n.",
		);
		expect(failure.context).toMatchObject({ mayHaveStartedJob: false });
	});
});
