import { makePng } from '../../../simulator';
import { download, sha256, useTestServer } from '../helpers';

// Bifrost (simulator/profiles/bifrost.ts): the differences docs/protocol.md lists.

const t = useTestServer({ profile: 'bifrost' });

test('create is JSON only and needs provider/model', async () => {
	const body = new FormData();
	body.append('prompt', 'p');
	body.append('model', 'openai/sora-2');
	const multipart = await t.json('/videos', { method: 'POST', body });
	expect([multipart.status, multipart.body.error.message]).toEqual([400, 'Invalid request format']);
	const bare = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', model: 'sora-2' },
	});
	expect([bare.status, bare.body.error.message]).toEqual([
		400,
		'provider is required in model field (format: provider/model)',
	]);
});

test('id:provider ids, float progress, videos[], usage.cost, extra_fields', async () => {
	const png = makePng(1280, 720).toString('base64');
	const { status, body } = await t.json('/videos', {
		method: 'POST',
		json: {
			prompt: 'p',
			model: 'openai/sora-2',
			size: '1280x720',
			input_reference: `data:image/png;base64,${png}`,
		},
	});
	expect(status).toBe(200);
	expect(body.id).toMatch(/^video_[0-9a-f]+:openai$/);
	expect(body.model).toBe('sora-2');
	t.clock.advance(3333);
	const running = (await t.json(`/videos/${encodeURIComponent(body.id)}`)).body;
	expect(running.status).toBe('in_progress');
	expect(Number.isInteger(running.progress)).toBe(false);
	t.clock.advance(10000);
	const done = (await t.json(`/videos/${encodeURIComponent(body.id)}`)).body;
	expect(done.videos).toEqual([
		{ type: 'url', url: expect.stringContaining('/files/'), content_type: 'video/mp4' },
	]);
	expect(sha256(Buffer.from(await (await fetch(done.videos[0].url)).arrayBuffer()))).toBe(
		await t.sim.expectedSha256(body.id),
	);
	expect(done.usage.cost).toBeGreaterThan(0);
	expect(done.extra_fields).toMatchObject({ provider: 'openai' });
	const thumb = await download(
		t,
		`/videos/${encodeURIComponent(body.id)}/content?variant=thumbnail`,
	);
	expect(thumb.res.headers.get('content-type')).toBe('image/webp');
});

test('ids without a colon are refused; list needs ?provider=; delete adds extra_fields', async () => {
	const noColon = await t.json('/videos/video_abc');
	expect([noColon.status, noColon.body.error.message]).toEqual([
		400,
		'video_id must be in id:provider format',
	]);
	expect((await t.json('/videos')).body.error.message).toBe('provider query parameter is required');
	expect((await t.json('/videos?provider=openai')).status).toBe(200);
	const video = await t.completedVideo({ model: 'openai/sora-2' });
	const del = await t.json(`/videos/${encodeURIComponent(video.id)}`, { method: 'DELETE' });
	expect(del.body).toEqual({
		id: video.id,
		deleted: true,
		object: 'video.deleted',
		extra_fields: expect.any(Object),
	});
});

test('edits a completed video by id in a JSON body (its newest handler); a multipart edit is refused', async () => {
	const source = await t.completedVideo({ model: 'openai/sora-2' });
	const res = await t.json('/videos/edits', {
		method: 'POST',
		json: { prompt: 'at night', video: { id: source.id } },
	});
	expect(res.status).toBe(200);
	expect(res.body.id).toMatch(/^video_[0-9a-f]{48}:openai$/);
	const body = new FormData();
	body.append('prompt', 'p');
	body.append('video', new Blob([Buffer.from('\0\0\0\x18ftypmp42')]), 'clip.mp4');
	const multipart = await t.json('/videos/edits', { method: 'POST', body });
	expect([multipart.status, multipart.body.error.message]).toEqual([400, 'Invalid request format']);
});
