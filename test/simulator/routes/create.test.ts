import { startTestServer, testResponseSchemas, useValidatedServer } from '../helpers';

// POST /videos and POST /videos/{id}/remix (simulator/routes/create.ts).

const t = useValidatedServer();

const VIDEO_FIELDS = [
	'id',
	'object',
	'model',
	'status',
	'progress',
	'created_at',
	'completed_at',
	'expires_at',
	'prompt',
	'size',
	'seconds',
	'remixed_from_video_id',
	'error',
];

test('create answers a queued Video with all 13 fields and the defaults', async () => {
	const res = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'a lighthouse at dusk' },
	});
	expect(res.status).toBe(200);
	expect(Object.keys(res.body).sort()).toEqual([...VIDEO_FIELDS].sort());
	expect(res.body).toMatchObject({
		object: 'video',
		model: 'sora-2',
		status: 'queued',
		progress: 0,
		size: '720x1280',
		seconds: '4',
		completed_at: null,
		expires_at: null,
		prompt: 'a lighthouse at dusk',
		remixed_from_video_id: null,
		error: null,
	});
	expect(res.body.id).toMatch(/^video_[0-9a-f]{48}$/);
	expect(res.body.created_at).toBe(Math.floor(t.clock.now() / 1000));
});

test('remix: source must be completed; the new job keeps model/size/seconds and names its source', async () => {
	const { body: running } = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', seconds: '12', size: '1280x720' },
	});
	expect(
		(await t.json(`/videos/${running.id}/remix`, { method: 'POST', json: { prompt: 'more' } }))
			.status,
	).toBe(400);
	t.clock.advance(10000);
	const res = await t.json(`/videos/${running.id}/remix`, {
		method: 'POST',
		json: { prompt: 'now at night' },
	});
	expect(res.status).toBe(200);
	expect(res.body).toMatchObject({
		status: 'queued',
		prompt: 'now at night',
		seconds: '12',
		size: '1280x720',
		remixed_from_video_id: running.id,
	});
	expect(
		(await t.json(`/videos/${running.id}/remix`, { method: 'POST', json: {} })).body.error.code,
	).toBe('missing_required_parameter');
	expect(
		(
			await t.json(`/videos/${running.id}/remix`, {
				method: 'POST',
				json: { prompt: 'x', seconds: '4' },
			})
		).body.error.code,
	).toBe('unknown_parameter');
	expect(
		(await t.json('/videos/video_nope/remix', { method: 'POST', json: { prompt: 'x' } })).status,
	).toBe(404);
});

test("retired '404': model_not_found naming the model; '410': Gone", async () => {
	const t = await startTestServer({ retired: '404' });
	const gone = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', model: 'sora-2' },
	});
	expect(gone.status).toBe(404);
	expect(gone.body.error).toEqual({
		code: 'model_not_found',
		type: 'invalid_request_error',
		param: null,
		message: "The model 'sora-2' does not exist or you do not have access to it.",
	});
	t.sim.configure({ retired: '410' });
	expect((await t.json('/videos', { method: 'POST', json: { prompt: 'p' } })).status).toBe(410);
});

testResponseSchemas(t);
