import { download, isMp4, sha256, useTestServer } from '../helpers';

// new-api (simulator/profiles/newapi.ts): the differences docs/protocol.md lists.

const t = useTestServer({ profile: 'newapi' });

test('task_ ids with task_id, queued on create, then unknown/in_progress/completed with metadata.url', async () => {
	const { body } = await t.json('/videos', { method: 'POST', json: { prompt: 'p' } });
	expect(body.id).toMatch(/^task_[A-Za-z0-9]+$/);
	expect(body).toMatchObject({ task_id: body.id, status: 'queued', progress: 0 });
	expect(body).not.toHaveProperty('seconds');
	expect((await t.json(`/videos/${body.id}`)).body.status).toBe('unknown');
	t.clock.advance(5000);
	const running = (await t.json(`/videos/${body.id}`)).body;
	expect(running.status).toBe('in_progress');
	expect(Number.isInteger(running.progress)).toBe(true);
	expect(running).not.toHaveProperty('metadata');
	t.clock.advance(5000);
	const done = (await t.json(`/videos/${body.id}`)).body;
	expect(done.status).toBe('completed');
	// The result URL is a signed storage URL on another origin (no auth), not the /content route.
	expect(new URL(done.metadata.url).origin).not.toBe(new URL(t.sim.baseUrl).origin);
	const file = await fetch(done.metadata.url);
	expect(file.headers.get('content-type')).toBe('video/mp4');
	expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(await t.sim.expectedSha256(body.id));
});

test('paths outside /v1, /api and /assets answer the web UI: 200 HTML, without auth', async () => {
	const root = new URL(t.sim.baseUrl).origin;
	const creates = t.sim.count('POST /videos');
	for (const [method, path] of [
		['GET', '/videos/task_x'],
		['POST', '/videos'],
		['GET', '/'],
		['DELETE', '/console/token'],
	]) {
		const res = await fetch(`${root}${path}`, { method });
		expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual(
			[200, 'text/html; charset=utf-8', 'no-cache'],
		);
		expect(await res.text()).toMatch(/^<!doctype html>.*<\/html>\n$/is);
	}
	expect(t.sim.count('POST /videos')).toBe(creates);
	// Under /v1 and /api new-api's relay answers as before: JSON 404, after auth.
	for (const path of ['/v1/nothing', '/api/nothing', '/v1beta/models']) {
		const res = await t.json(`${root}${path}`);
		expect([res.status, res.body.error.message]).toEqual([404, `Invalid URL (GET ${path})`]);
	}
});

test('integer duration and string input_reference are accepted; a raw key without Bearer works', async () => {
	const res = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', duration: 8, input_reference: 'https://example.com/a.png' },
		headers: { authorization: t.sim.apiKey },
	});
	expect(res.status).toBe(200);
	expect(res.body.seconds).toBe('8');
});

test('list and delete are 404 "Invalid URL"', async () => {
	const video = await t.completedVideo();
	const list = await t.json('/videos');
	expect([list.status, list.body]).toEqual([
		404,
		{
			error: {
				message: 'Invalid URL (GET /v1/videos)',
				type: 'invalid_request_error',
				param: '',
				code: '',
			},
		},
	]);
	const del = await t.json(`/videos/${video.id}`, { method: 'DELETE' });
	expect([del.status, del.body.error.message]).toEqual([
		404,
		`Invalid URL (DELETE /v1/videos/${video.id})`,
	]);
});

test('unknown task: 400 {code,message,data}; content not ready: 400 with the internal status', async () => {
	const missing = await t.json('/videos/task_nope');
	expect([missing.status, missing.body]).toEqual([
		400,
		{ code: 'task_not_exist', message: 'task_not_exist', data: null },
	]);
	const { body } = await t.json('/videos', { method: 'POST', json: { prompt: 'p' } });
	t.clock.advance(5000);
	const early = await t.json(`/videos/${body.id}/content`);
	expect([early.status, early.body]).toEqual([
		400,
		{
			error: {
				message: 'Task is not completed yet, current status: IN_PROGRESS',
				type: 'invalid_request_error',
			},
		},
	]);
});

test('variant is ignored: the MP4 comes back', async () => {
	const video = await t.completedVideo();
	const { bytes } = await download(t, `/videos/${video.id}/content?variant=spritesheet`);
	expect(isMp4(bytes)).toBe(true);
});
