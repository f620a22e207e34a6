import { download, isMp4, useTestServer } from '../helpers';

// TensorRT-LLM's trtllm-serve (simulator/profiles/trt.ts; self-hosted-servers.md §3).

const t = useTestServer({ profile: 'trt' });

test('create is 202; duration (number) instead of seconds', async () => {
	const res = await t.json('/videos', { method: 'POST', json: { prompt: 'p', seconds: '8' } });
	expect(res.status).toBe(202);
	expect(res.body.duration).toBe(8);
	expect(res.body).not.toHaveProperty('seconds');
});

test('error is a plain string on failure; content not ready is 400', async () => {
	const { body } = await t.json('/videos', { method: 'POST', json: { prompt: '[moderation]' } });
	expect((await t.json(`/videos/${body.id}/content`)).status).toBe(400);
	t.clock.advance(2000);
	expect((await t.json(`/videos/${body.id}`)).body).toMatchObject({
		status: 'failed',
		error: 'Your request was blocked by our moderation system.',
	});
});

test('list has only object and data; remix is 404 {"detail":"Not Found"}', async () => {
	const video = await t.completedVideo();
	const list = await t.json('/videos?limit=1');
	expect(Object.keys(list.body).sort()).toEqual(['data', 'object']);
	const remix = await t.json(`/videos/${video.id}/remix`, {
		method: 'POST',
		json: { prompt: 'again' },
	});
	expect([remix.status, remix.body]).toEqual([404, { detail: 'Not Found' }]);
});

test('generating/postprocessing while running, progress null, expires_at, the served model; unknown fields rejected', async () => {
	const { body } = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', model: 'sora-2' },
	});
	expect(body).toMatchObject({
		id: expect.stringMatching(/^video_[0-9a-f]+$/),
		status: 'queued',
		progress: null,
		model: 'Wan-AI/Wan2.2-T2V-A14B-Diffusers',
	});
	t.clock.advance(3000);
	expect((await t.json(`/videos/${body.id}`)).body.status).toBe('generating');
	t.clock.advance(6500);
	expect((await t.json(`/videos/${body.id}`)).body.status).toBe('postprocessing');
	const unknown = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', style: 'noir' },
	});
	expect([unknown.status, unknown.body]).toEqual([
		400,
		expect.objectContaining({
			object: 'error',
			message: "Unknown parameter: 'style'.",
			code: 400,
		}),
	]);
});

test('delete answers only {"deleted": true}, also for a running job; unknown ids are a flat 404; variant is ignored', async () => {
	const running = (await t.json('/videos', { method: 'POST', json: { prompt: 'p' } })).body;
	expect(await t.json(`/videos/${running.id}`, { method: 'DELETE' })).toMatchObject({
		status: 200,
		body: { deleted: true },
	});
	expect(await t.json(`/videos/${running.id}`)).toMatchObject({
		status: 404,
		body: { object: 'error', code: 404 },
	});
	const video = await t.completedVideo();
	const { res, bytes } = await download(t, `/videos/${video.id}/content?variant=thumbnail`);
	expect([res.status, isMp4(bytes)]).toEqual([200, true]);
});

test('a URL reference goes in image_reference; /models lists the served model', async () => {
	const { body } = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', image_reference: 'https://example.com/a.png' },
	});
	expect(t.sim.referenceOf(body.id)).toEqual({ kind: 'image_url', field: 'image_reference' });
	expect((await t.json('/models')).body.data.map((model: { id: string }) => model.id)).toEqual([
		'Wan-AI/Wan2.2-T2V-A14B-Diffusers',
	]);
});
