import type { IDataObject } from 'n8n-workflow';

import {
	jsonAnswer as json,
	useLocalServers,
	type Route,
	type SeenRequest,
} from '../support/local-server';
import { createParameters, failureOf } from '../support/node-context';
import { runAt, useSimulators } from '../support/node-harness';

// What Delete, Download, Get Many, Remix and Create make of a server's answers, as a user reads
// them: the hint a refusal gets (and the ones it must not get), the items a delete or a list
// gives, when paging stops, and the request body a create sends.

useSimulators();
const { serve } = useLocalServers();

const ids = (output: Array<{ json: IDataObject }>) => output.map((item) => item.json.id);

describe('Delete', () => {
	const remove = (videoId = 'v1') => ({ operation: 'delete', videoId });
	const litellmHint =
		'Delete is not supported by this server (the LiteLLM proxy has no delete route).';
	const newApiHint =
		'Either the video does not exist, or this server has no delete route (new-api answers 404 for every delete).';

	it.each([405, 501])(
		'a %p says the server has no delete route, as the LiteLLM proxy answers',
		async (status) => {
			const server = await serve(() => json(status, { error: { message: 'Method not allowed' } }));
			const failure = await failureOf(runAt(server.baseUrl, remove()));
			expect(failure.message).toBe('Delete of video v1 failed: Method not allowed');
			expect(failure.description).toBe(
				`${litellmHint} HTTP ${status}. Server said: {"error":{"message":"Method not allowed"}}`,
			);
		},
	);

	it('a 404 says the video may not exist or the server may have no delete route (new-api)', async () => {
		const server = await serve(() => json(404, { error: { message: 'Not found' } }));
		const failure = await failureOf(runAt(server.baseUrl, remove()));
		expect(failure.message).toBe('Delete of video v1 failed: Not found');
		expect(failure.description).toBe(
			`${newApiHint} HTTP 404. Server said: {"error":{"message":"Not found"}}`,
		);
	});

	it.each([400, 409, 500])(
		"a %p is the server's own refusal: no word of a missing delete route",
		async (status) => {
			const server = await serve(() =>
				json(status, { error: { message: 'The video is still rendering' } }),
			);
			const failure = await failureOf(runAt(server.baseUrl, remove()));
			expect(failure.message).toBe('Delete of video v1 failed: The video is still rendering');
			expect(failure.description).toBe(
				`HTTP ${status}. Server said: {"error":{"message":"The video is still rendering"}}`,
			);
		},
	);

	it.each([
		['{deleted: true} alone', { deleted: true }, { id: 'v1', deleted: true }],
		['an empty JSON object', {}, { id: 'v1', object: 'video.deleted', deleted: true }],
		[
			'a deletion object',
			{ id: 'v1', object: 'video.deleted', deleted: true },
			{ id: 'v1', object: 'video.deleted', deleted: true },
		],
		[
			'a job with status "deleted"',
			{ id: 'v1', object: 'video', status: 'deleted', model: 'sora-2' },
			{ id: 'v1', deleted: true, object: 'video', status: 'deleted', model: 'sora-2' },
		],
		[
			'a job with status "deleted" and no "deleted" field',
			{ id: 'v1', status: 'deleted' },
			{ id: 'v1', deleted: true, status: 'deleted' },
		],
	])(
		"%s is a delete done: the item has the id, deleted true and the server's fields",
		async (_case, answer, item) => {
			const server = await serve(() => json(200, answer));
			const { output } = await runAt(server.baseUrl, remove());
			expect(output).toEqual([{ json: item, pairedItem: { item: 0 } }]);
			expect(server.seen.map((entry) => `${entry.method} ${entry.url.pathname}`)).toEqual([
				'DELETE /v1/videos/v1',
			]);
		},
	);

	describe('"deleted": false', () => {
		const twoVideos = (index: number) => remove(['v1', 'v2'][index]);
		const keepsV2: Route = (request) =>
			request.url.pathname.endsWith('/v2')
				? json(200, { id: 'v2', object: 'video.deleted', deleted: false })
				: json(200, { id: 'v1', object: 'video.deleted', deleted: true });
		const message = 'Delete of video v2 failed: the server answered "deleted": false';
		const description =
			'The server kept the video. Check its status with Get: some servers delete only finished videos.';

		it('fails the run on that item, saying the server kept the video', async () => {
			const server = await serve(keepsV2);
			const failure = await failureOf(
				runAt(server.baseUrl, twoVideos, { items: [{ json: {} }, { json: {} }] }),
			);
			expect(failure.message).toBe(message);
			expect(failure.description).toBe(description);
			expect(failure.context?.itemIndex).toBe(1);
		});

		it('with Continue On Fail, is the error item of its own item beside the deleted one', async () => {
			const server = await serve(keepsV2);
			const { output } = await runAt(server.baseUrl, twoVideos, {
				items: [{ json: {} }, { json: {} }],
				continueOnFail: true,
			});
			expect(output).toEqual([
				{ json: { id: 'v1', object: 'video.deleted', deleted: true }, pairedItem: { item: 0 } },
				{ json: { error: message, description }, pairedItem: { item: 1 } },
			]);
		});
	});
});

describe('Download of a job that is not completed', () => {
	const download = (videoId: string) => ({
		operation: 'download',
		videoId,
		variant: 'video',
		binaryPropertyName: 'data',
	});
	const description =
		'Put a Wait for Completion step before Download (or use its Download option).';
	/** v1 is queued (no progress field), v2 is in progress at 40 %. */
	const unfinished: Route = (request) =>
		request.url.pathname.endsWith('/v2')
			? json(200, { id: 'v2', object: 'video', status: 'in_progress', progress: 40 })
			: json(200, { id: 'v1', object: 'video', status: 'queued' });

	it('says its status and progress, and what to put before Download; no file is asked for', async () => {
		const server = await serve(unfinished);
		const failure = await failureOf(runAt(server.baseUrl, download('v2')));
		expect(failure.message).toBe('Video v2 is not ready to download: it is in_progress, 40%');
		expect(failure.description).toBe(description);
		expect(failure.context?.video).toMatchObject({ id: 'v2', status: 'in_progress', progress: 40 });
		expect(server.seen.map((entry) => entry.url.pathname)).toEqual(['/v1/videos/v2']);
	});

	it('a job with no progress: its status alone, nothing after it', async () => {
		const server = await serve(unfinished);
		const failure = await failureOf(runAt(server.baseUrl, download('v1')));
		expect(failure.message).toBe('Video v1 is not ready to download: it is queued');
		expect(failure.description).toBe(description);
		expect(failure.context?.video).toMatchObject({ id: 'v1', status: 'queued', progress: null });
	});

	it('with Continue On Fail, each item gets its own error item with its job', async () => {
		const server = await serve(unfinished);
		const { output } = await runAt(server.baseUrl, (index) => download(['v1', 'v2'][index]), {
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json).toMatchObject({
			error: 'Video v1 is not ready to download: it is queued',
			description,
			id: 'v1',
			status: 'queued',
		});
		expect(output[1].json).toMatchObject({
			error: 'Video v2 is not ready to download: it is in_progress, 40%',
			description,
			id: 'v2',
			status: 'in_progress',
		});
		expect(server.seen.some((entry) => entry.url.pathname.includes('/content'))).toBe(false);
	});
});

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

describe('Remix refused', () => {
	const remix = { operation: 'remix', videoId: 'v1', prompt: 'same, at night' };
	const remixHint =
		'Remix is not supported for this model or server (LiteLLM remixes only OpenAI/Azure models; TensorRT-LLM has no remix), or the video does not exist.';

	it.each([
		['a 404', 404, { error: { message: 'Not found' } }],
		['a 400 that says "not supported"', 400, { error: { message: 'Remix not supported for wan' } }],
	])('%s says the server or model has no remix', async (_case, status, body) => {
		const server = await serve(() => json(status, body));
		const failure = await failureOf(runAt(server.baseUrl, remix));
		expect(failure.message).toBe(`Remix of video v1 failed: ${body.error.message}`);
		expect(failure.description).toBe(
			`${remixHint} HTTP ${status}. Server said: ${JSON.stringify(body)}`,
		);
		expect(server.seen.map((entry) => `${entry.method} ${entry.url.pathname}`)).toEqual([
			'POST /v1/videos/v1/remix',
		]);
	});

	it('a 400 about something else does not say remix is unsupported', async () => {
		const body = { error: { message: 'The video is not completed yet' } };
		const server = await serve(() => json(400, body));
		const failure = await failureOf(runAt(server.baseUrl, remix));
		expect(failure.message).toBe('Remix of video v1 failed: The video is not completed yet');
		expect(failure.description).toBe(`HTTP 400. Server said: ${JSON.stringify(body)}`);
	});
});

describe('Create', () => {
	const retiredHint =
		"This model or endpoint looks retired: OpenAI shut its Videos API down on 2026-09-24 and Azure retired Sora 2 on 2026-10-15. Point the credential's Base URL at a server that still speaks the protocol (a LiteLLM proxy, new-api, Bifrost, vLLM-Omni, TensorRT-LLM, or the local simulator) and use a model ID it serves.";
	const queued: Route = () => json(200, { id: 'video_1', object: 'video', status: 'queued' });

	/** The fields of the multipart body a create sent. */
	async function formOf(request: SeenRequest): Promise<Record<string, string>> {
		const form = await new Response(request.body, {
			headers: { 'content-type': String(request.headers['content-type']) },
		}).formData();
		return Object.fromEntries([...form.entries()].map(([name, value]) => [name, String(value)]));
	}

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

	it('sends a model typed with spaces around it without them', async () => {
		const server = await serve(queued);
		const { output } = await runAt(server.baseUrl, { ...createParameters, model: ' sora-2 ' });
		expect(output[0].json.id).toBe('video_1');
		expect(await formOf(server.seen[0])).toEqual({
			prompt: createParameters.prompt,
			model: 'sora-2',
			seconds: '4',
			size: '720x1280',
		});
	});

	it('a model expression that gives null leaves the model to the server', async () => {
		const server = await serve(queued);
		await runAt(server.baseUrl, { ...createParameters, model: null });
		expect(await formOf(server.seen[0])).toEqual({
			prompt: createParameters.prompt,
			seconds: '4',
			size: '720x1280',
		});
	});

	it('sends a Reference Image URL pasted with spaces around it without them', async () => {
		const server = await serve(queued);
		await runAt(server.baseUrl, {
			...createParameters,
			options: { referenceImageUrl: '  https://example.com/first-frame.png \n' },
		});
		expect(server.seen[0].headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(server.seen[0].body.toString('utf8'))).toEqual({
			prompt: createParameters.prompt,
			model: 'sora-2',
			seconds: '4',
			size: '720x1280',
			input_reference: { image_url: 'https://example.com/first-frame.png' },
		});
	});
});
