import type { ServerProfile } from '../../../../../simulator';
import { jsonAnswer as json, useLocalServers, type Route } from '../../../../support/local-server';
import { failureOf } from '../../../../support/node-context';
import {
	clock,
	create,
	run,
	runAt,
	simulator,
	useSimulators,
} from '../../../../support/node-harness';
import { itRefusesBeforeSending } from '../../../../support/preflight';

// Delete as a user reads it: the answers that mean a delete is done, the hint a refusal gets (and
// the ones it must not get), "deleted": false, and an id refused before anything is sent.

useSimulators();
const { serve } = useLocalServers();

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

describe('empty answers', () => {
	it('a delete answered 204 with no body is done', async () => {
		const server = await serve(() => ({ status: 204, headers: {}, body: '' }));
		const { output } = await runAt(server.baseUrl, { operation: 'delete', videoId: 'v1' });
		expect(output[0].json).toEqual({ id: 'v1', object: 'video.deleted', deleted: true });
		expect(server.seen.map(({ method, path }) => `${method} ${path}`)).toEqual([
			'DELETE /v1/videos/v1',
		]);
	});
});

describe('operations that some servers lack', () => {
	it("deletes a completed video (openai, bifrost) and explains LiteLLM's missing route", async () => {
		for (const profile of ['openai', 'bifrost'] as ServerProfile[]) {
			const sim = await simulator(profile);
			const job = await create(sim, profile);
			clock.advance(60000);
			const { output } = await run(sim, { operation: 'delete', videoId: job.id });
			expect(output[0].json).toMatchObject({ id: job.id, deleted: true });
		}
		const litellm = await simulator('litellm');
		const job = await create(litellm, 'litellm');
		clock.advance(60000);
		await expect(run(litellm, { operation: 'delete', videoId: job.id })).rejects.toMatchObject({
			message: expect.stringContaining('Delete of video'),
			description: expect.stringContaining('not supported'),
		});
	});
});

describe('pre-flight checks send no request', () => {
	describe('every locally detectable mistake names the item and the field, and sends nothing', () => {
		itRefusesBeforeSending([
			[
				'delete: a whitespace id',
				{ operation: 'delete', videoId: '   ' },
				'Video ID',
				/the video ID is empty/,
				null,
			],
		]);
	});
});
