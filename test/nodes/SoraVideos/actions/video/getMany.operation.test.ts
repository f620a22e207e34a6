import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../../../../simulator';
import {
	jsonAnswer as json,
	useLocalServers,
	type SeenRequest,
} from '../../../../support/local-server';
import { failureOf, runNode } from '../../../../support/node-context';
import {
	create,
	credentialsAt,
	credentialsFor,
	run,
	runAt,
	simulator,
	useSimulators,
} from '../../../../support/node-harness';
import { itRefusesBeforeSending } from '../../../../support/preflight';
import { createServed, runWithServer } from '../../../../support/self-hosted';

// Get Many as a user reads it: the items a list gives and when paging stops (on servers with and
// without has_more), Return All or a Limit, the query parameters and provider hints a server's
// list needs, the hint a refusal gets, and limits refused before anything is sent.

useSimulators();
const { serve } = useLocalServers();

const ids = (output: Array<{ json: IDataObject }>) => output.map((item) => item.json.id);

describe('Get Many', () => {
	const list = (extra: IDataObject = {}) => ({
		operation: 'getMany',
		returnAll: true,
		options: {},
		...extra,
	});
	const listHint =
		"Listing videos is not supported by this server as configured: new-api has no list route; LiteLLM needs custom_llm_provider=openai and Bifrost needs provider=<name> (add them to the credential's Query Parameters).";
	const videos = (...names: string[]) =>
		names.map((id) => ({ id, object: 'video', status: 'completed', model: 'sora-2' }));
	const lists = (seen: SeenRequest[]) =>
		seen.filter((entry) => entry.method === 'GET' && entry.url.pathname === '/v1/videos');
	const afters = (seen: SeenRequest[]) =>
		lists(seen).map((entry) => entry.url.searchParams.get('after'));

	it.each([400, 404, 405, 501])(
		'a %p to the list says what the server needs to list (route, provider hint)',
		async (status) => {
			const server = await serve(() => json(status, { error: { message: 'bad request' } }));
			const failure = await failureOf(runAt(server.baseUrl, list()));
			expect(failure.message).toBe('Get Many failed: bad request');
			expect(failure.description).toBe(
				`${listHint} HTTP ${status}. Server said: {"error":{"message":"bad request"}}`,
			);
		},
	);

	it.each([422, 500])('a %p gets no listing hint', async (status) => {
		const server = await serve(() => json(status, { error: { message: 'database error' } }));
		const failure = await failureOf(runAt(server.baseUrl, list()));
		expect(failure.message).toBe('Get Many failed: database error');
		expect(failure.description).toBe(
			`HTTP ${status}. Server said: {"error":{"message":"database error"}}`,
		);
	});

	it('a page with has_more false ends the paging, though it names a last_id', async () => {
		const server = await serve(() =>
			json(200, { object: 'list', data: videos('a', 'b'), has_more: false, last_id: 'b' }),
		);
		const { output } = await runAt(server.baseUrl, list());
		expect(ids(output)).toEqual(['a', 'b']);
		expect(afters(server.seen)).toEqual([null]);
	});

	it('without has_more, a page shorter than asked for ends the paging', async () => {
		const server = await serve(() => json(200, { object: 'list', data: videos('a', 'b') }));
		const { output } = await runAt(server.baseUrl, list({ returnAll: false, limit: 5 }));
		expect(ids(output)).toEqual(['a', 'b']);
		expect(lists(server.seen).map((entry) => entry.url.searchParams.get('limit'))).toEqual(['5']);
	});

	it('has_more true with neither a last_id nor ids: one page, no request with an empty cursor', async () => {
		const server = await serve(() =>
			json(200, { object: 'list', data: [{ object: 'video', status: 'queued' }], has_more: true }),
		);
		const { output } = await runAt(server.baseUrl, list());
		expect(output).toHaveLength(1);
		expect(output[0].json.status).toBe('queued');
		expect(afters(server.seen)).toEqual([null]);
	});

	it('Limit 1 and Limit 10000 are both allowed: the ends of the range', async () => {
		const server = await serve(() =>
			json(200, { object: 'list', data: videos('a', 'b', 'c'), has_more: false }),
		);
		const one = await runAt(server.baseUrl, list({ returnAll: false, limit: 1 }));
		expect(ids(one.output)).toEqual(['a']);
		const most = await runAt(server.baseUrl, list({ returnAll: false, limit: 10000 }));
		expect(ids(most.output)).toEqual(['a', 'b', 'c']);
		expect(lists(server.seen).map((entry) => entry.url.searchParams.get('limit'))).toEqual([
			'1',
			'100',
		]);
	});

	it('a server that sends more than it was asked for: exactly Limit videos, over two pages', async () => {
		const server = await serve((request) =>
			request.url.searchParams.get('after') === 'b'
				? json(200, { data: videos('c', 'd', 'e', 'f', 'g'), has_more: true, last_id: 'g' })
				: json(200, { data: videos('a', 'b'), has_more: true, last_id: 'b' }),
		);
		const { output } = await runAt(server.baseUrl, list({ returnAll: false, limit: 3 }));
		expect(ids(output)).toEqual(['a', 'b', 'c']);
		expect(lists(server.seen).map((entry) => entry.url.searchParams.get('limit'))).toEqual([
			'3',
			'1',
		]);
	});

	it('a server that ignores after and only changes its cursor: stops at the repeated page, with a warning', async () => {
		const server = await serve((request) => {
			const after = request.url.searchParams.get('after');
			return json(200, {
				object: 'list',
				data: videos('a', 'b'),
				has_more: true,
				last_id: after === 'c1' ? 'c2' : 'c1',
			});
		});
		const { output, logs } = await runAt(server.baseUrl, list());
		expect(ids(output)).toEqual(['a', 'b']);
		expect(afters(server.seen)).toEqual([null, 'c1']);
		expect(logs.filter((line) => line.startsWith('warn'))).toEqual([
			'warn: Sora Videos: Get Many stopped after 2 videos: the server sent a page it had already sent (cursor c2)',
		]);
	});

	it('videos without an id are all kept: none is taken for one already seen', async () => {
		const server = await serve((request) =>
			request.url.searchParams.get('after') === 'c1'
				? json(200, { data: [{ object: 'video', status: 'completed' }], has_more: false })
				: json(200, {
						data: [{ object: 'video', status: 'queued' }],
						has_more: true,
						last_id: 'c1',
					}),
		);
		const { output } = await runAt(server.baseUrl, list());
		expect(output.map((item) => item.json.status)).toEqual(['queued', 'completed']);
		expect(afters(server.seen)).toEqual([null, 'c1']);
	});
});

it("Get Many's first request keeps the order and cursor the credential's Query Parameters set", async () => {
	const server = await serve(() => json(200, { object: 'list', data: [], has_more: false }));
	await runNode({
		credentials: credentialsAt(server.baseUrl, { queryParameters: 'order=asc&after=video_0' }),
		parameters: { operation: 'getMany', returnAll: true, options: {} },
	});
	const query = server.seen[0].url.searchParams;
	expect([query.get('order'), query.get('after')]).toEqual(['asc', 'video_0']);
});

describe('operations that some servers lack', () => {
	it('lists with cursor pages (openai) and returns all or a limit', async () => {
		const sim = await simulator();
		for (let index = 0; index < 5; index++) await create(sim, 'openai', `prompt ${index}`);
		const all = await run(sim, {
			operation: 'getMany',
			returnAll: true,
			options: { order: 'asc' },
		});
		expect(all.output.map((item) => item.json.prompt)).toEqual([
			'prompt 0',
			'prompt 1',
			'prompt 2',
			'prompt 3',
			'prompt 4',
		]);
		const some = await run(sim, { operation: 'getMany', returnAll: false, limit: 2, options: {} });
		expect(some.output).toHaveLength(2);
		expect(
			some.output.every(
				(item) => item.pairedItem && (item.pairedItem as unknown as IDataObject).item === 0,
			),
		).toBe(true);
	});

	it('lists on LiteLLM with the provider hint from the credential, and explains the error without it', async () => {
		const sim = await simulator('litellm');
		await create(sim, 'litellm');
		const hinted = await runNode({
			credentials: credentialsFor(sim, { queryParameters: 'custom_llm_provider=openai' }),
			parameters: { operation: 'getMany', returnAll: true, options: {} },
		});
		expect(hinted.output).toHaveLength(1);
		await expect(
			run(sim, { operation: 'getMany', returnAll: true, options: {} }),
		).rejects.toMatchObject({
			description: expect.stringContaining('custom_llm_provider'),
		});
	});

	it('reports missing list and delete routes on new-api as unsupported', async () => {
		const sim = await simulator('newapi');
		const job = await create(sim, 'newapi');
		await expect(
			run(sim, { operation: 'getMany', returnAll: true, options: {} }),
		).rejects.toMatchObject({
			description: expect.stringContaining('new-api has no list route'),
		});
		await expect(run(sim, { operation: 'delete', videoId: job.id })).rejects.toMatchObject({
			description: expect.stringContaining('no delete route'),
		});
	});
});

describe('Get Many on lists without has_more', () => {
	async function createMany(sim: Simulator, count: number) {
		for (let index = 0; index < count; index++)
			await createServed(sim, { prompt: `prompt ${index}` });
	}

	it('SGLang (pages of {data, object}): Return All pages on with after = the last id and gets all 131 jobs once each', async () => {
		const sim = await simulator('sglang');
		await createMany(sim, 131);
		const { output, logs } = await runWithServer(sim, {
			operation: 'getMany',
			returnAll: true,
			options: { order: 'asc' },
		});
		expect(output.map((item) => item.json.id)).toEqual(
			sim
				.log()
				.filter((entry) => entry.route === 'POST /videos')
				.map((entry) => entry.videoId),
		);
		const lists = sim.log().filter((entry) => entry.route === 'GET /videos');
		// 100, then the short page of 31 ends it.
		expect(lists).toHaveLength(2);
		expect(new URL(lists[1].path, sim.baseUrl).searchParams.get('after')).toBe(output[99].json.id);
		expect(logs.filter((line) => line.startsWith('warn'))).toEqual([]);
	});

	it('SGLang: a limit above one page, and an exactly full last page followed by an empty one', async () => {
		const sim = await simulator('sglang');
		await createMany(sim, 200);
		const limited = await runWithServer(sim, {
			operation: 'getMany',
			returnAll: false,
			limit: 150,
			options: {},
		});
		expect(new Set(limited.output.map((item) => item.json.id)).size).toBe(150);
		const all = await runWithServer(sim, { operation: 'getMany', returnAll: true, options: {} });
		expect(new Set(all.output.map((item) => item.json.id)).size).toBe(200);
	});

	it('TensorRT-LLM (everything in one answer, no paging): every job once, the repeated page ends it quietly', async () => {
		const sim = await simulator('trt');
		await createMany(sim, 131);
		const { output, logs } = await runWithServer(sim, {
			operation: 'getMany',
			returnAll: true,
			options: {},
		});
		expect(new Set(output.map((item) => item.json.id)).size).toBe(131);
		expect(output).toHaveLength(131);
		expect(logs.filter((line) => line.startsWith('warn'))).toEqual([]);
	});
});

describe("the credential's Server choice", () => {
	it('LiteLLM and Bifrost: Get Many adds the provider hint the list needs, unless the credential sets its own', async () => {
		const litellm = await simulator('litellm');
		await runWithServer(litellm, { operation: 'getMany', returnAll: true, options: {} }, 'litellm');
		expect(litellm.log()[0]).toMatchObject({
			status: 200,
			path: expect.stringContaining('custom_llm_provider=openai'),
		});
		const bifrost = await simulator('bifrost');
		await runNode({
			credentials: credentialsFor(bifrost, {
				server: 'bifrost',
				queryParameters: 'provider=gemini',
			}),
			parameters: { operation: 'getMany', returnAll: true, options: {} },
		});
		expect(bifrost.log()[0].path).toContain('provider=gemini');
		expect(bifrost.log()[0].path).not.toContain('provider=openai');
	});
});

describe('transport', () => {
	it('works with a base URL with or without a trailing slash', async () => {
		const sim = await simulator();
		for (const baseUrl of [sim.baseUrl, `${sim.baseUrl}/`, `${sim.baseUrl}//`]) {
			const { output } = await runNode({
				credentials: credentialsFor(sim, { baseUrl }),
				parameters: { operation: 'getMany', returnAll: true, options: {} },
			});
			expect(output).toHaveLength(0);
		}
	});

	it("sends Azure's api-key header, a custom header, and the organisation and project headers", async () => {
		const sim = await simulator();
		await runNode({
			credentials: credentialsFor(sim, {
				authHeader: 'apiKey',
				organizationId: 'org-1',
				projectId: 'proj-1',
			}),
			parameters: { operation: 'getMany', returnAll: true, options: {} },
		});
		const headers = sim.log()[0].headers;
		expect(headers['api-key']).toBe('[redacted]');
		expect(headers.authorization).toBeUndefined();
		expect(headers['openai-organization']).toBe('org-1');
		expect(headers['openai-project']).toBe('proj-1');

		const litellm = await simulator('litellm');
		await runNode({
			credentials: credentialsFor(litellm, {
				authHeader: 'custom',
				headerName: 'x-litellm-api-key',
			}),
			parameters: { operation: 'get', videoId: 'video_missing' },
		}).catch(() => undefined);
		expect(litellm.log()[0].headers['x-litellm-api-key']).toBe('[redacted]');
		expect(litellm.log()[0].status).not.toBe(401);
	});
});

describe('pre-flight checks send no request', () => {
	describe('every locally detectable mistake names the item and the field, and sends nothing', () => {
		itRefusesBeforeSending([
			[
				'get many: a limit of 0',
				{ operation: 'getMany', returnAll: false, limit: 0, options: {} },
				'Limit',
				/0 is not a whole number from 1 to 10000/,
				null,
			],
			[
				'get many: a limit above 10000',
				{ operation: 'getMany', returnAll: false, limit: 10001, options: {} },
				'Limit',
				/10001 is not a whole number/,
				null,
			],
			[
				'get many: a fractional limit',
				{ operation: 'getMany', returnAll: false, limit: 2.5, options: {} },
				'Limit',
				/2.5 is not a whole number/,
				null,
			],
		]);
	});
});
