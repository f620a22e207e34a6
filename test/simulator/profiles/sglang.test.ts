import { download, isMp4, useTestServer } from '../helpers';

// SGLang-Diffusion (simulator/profiles/sglang.ts; self-hosted-servers.md §2).

const t = useTestServer({ profile: 'sglang' });

test('no auth; uuid ids; queued until completed; the model only echoes the request', async () => {
	const res = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p' },
		headers: { authorization: '' },
	});
	expect(res.status).toBe(200);
	expect(res.body).toMatchObject({
		id: expect.stringMatching(/^[0-9a-f-]{36}$/),
		status: 'queued',
		progress: 0,
		model: 'sora-2',
		url: null,
	});
	t.clock.advance(5000);
	expect((await t.json(`/videos/${res.body.id}`)).body.status).toBe('queued');
	t.clock.advance(6000);
	expect((await t.json(`/videos/${res.body.id}`)).body).toMatchObject({
		status: 'completed',
		progress: 100,
		file_path: expect.stringMatching(/^\/.*\.mp4$/),
	});
});

test('FastAPI errors: content not ready 404 {"detail"}; variant is an output index (thumbnail 404, 0 the video); failed: error {message} only', async () => {
	const { body } = await t.json('/videos', { method: 'POST', json: { prompt: 'p' } });
	expect(await t.json(`/videos/${body.id}/content`)).toMatchObject({
		status: 404,
		body: { detail: 'Generation is still in-progress' },
	});
	t.clock.advance(11000);
	expect(await t.json(`/videos/${body.id}/content?variant=thumbnail`)).toMatchObject({
		status: 404,
		body: { detail: 'Video variant thumbnail not found' },
	});
	const { res, bytes } = await download(t, `/videos/${body.id}/content?variant=0`);
	expect([res.status, isMp4(bytes)]).toEqual([200, true]);
	const failed = (await t.json('/videos', { method: 'POST', json: { prompt: 'p [moderation]' } }))
		.body;
	t.clock.advance(2000);
	expect(await t.json(`/videos/${failed.id}`)).toMatchObject({
		status: 200,
		body: { status: 'failed', error: { message: expect.any(String) } },
	});
	expect((await t.json(`/videos/${failed.id}`)).body.error).not.toHaveProperty('code');
});

test('list pages are {data, object} only, honouring limit and after; delete answers the job marked deleted', async () => {
	const first = await t.json('/videos?limit=1&order=asc');
	expect(Object.keys(first.body).sort()).toEqual(['data', 'object']);
	const second = await t.json(`/videos?limit=1&order=asc&after=${first.body.data[0].id}`);
	expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
	const removed = await t.json(`/videos/${second.body.data[0].id}`, { method: 'DELETE' });
	expect(removed).toMatchObject({
		status: 200,
		body: { id: second.body.data[0].id, object: 'video', status: 'deleted' },
	});
});

test('a URL reference goes in reference_url; a JSON input_reference object is refused', async () => {
	const { body } = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', reference_url: 'https://example.com/a.png' },
	});
	expect(t.sim.referenceOf(body.id)).toEqual({ kind: 'image_url', field: 'reference_url' });
	const refused = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', input_reference: { image_url: 'https://example.com/a.png' } },
	});
	expect([refused.status, refused.body.detail]).toEqual([
		400,
		expect.stringMatching(/^Invalid request body/),
	]);
});
