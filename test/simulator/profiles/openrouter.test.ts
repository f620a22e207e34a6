import { makePng } from '../../../simulator';
import { useLocalServers, type SeenRequest } from '../../support/local-server';
import { download, sha256, useTestServer } from '../helpers';

// OpenRouter (simulator/profiles/openrouter.ts): its video API as its docs describe it, under
// /api/v1, strict about what its model catalog lists.

const t = useTestServer({ profile: 'openrouter', assetLifetimeSeconds: 600 });
const { serve } = useLocalServers();

const png = (width = 1280, height = 720) =>
	`data:image/png;base64,${makePng(width, height).toString('base64')}`;
const frame = (url: string, frameType: string) => ({
	type: 'image_url',
	image_url: { url },
	frame_type: frameType,
});
const veo = { model: 'google/veo-3.1', prompt: 'a lighthouse in a storm' };

async function created(fields: Record<string, unknown> = veo) {
	const answer = await t.json('/videos', { method: 'POST', json: fields });
	if (answer.status !== 202) throw new Error(`create failed: ${JSON.stringify(answer.body)}`);
	return answer.body as { id: string; polling_url: string; status: string };
}

test('the API lives under /api/v1; the model lists answer without a key, nothing else does', async () => {
	expect(t.sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
	const origin = new URL(t.sim.baseUrl).origin;
	expect((await t.json(`${origin}/v1/videos`, { method: 'POST', json: veo })).status).toBe(404);
	const noKey = { headers: { authorization: '' } };
	const catalog = await t.json('/videos/models', noKey);
	expect(catalog.status).toBe(200);
	expect(catalog.body.data.map((model: { id: string }) => model.id)).toEqual([
		'google/veo-3.1',
		'openai/sora-2-pro',
		'alibaba/wan-2.6',
	]);
	expect(catalog.body.data[0]).toMatchObject({
		supported_durations: [4, 6, 8],
		supported_resolutions: ['720p', '1080p'],
		supported_aspect_ratios: ['16:9', '9:16'],
		supported_frame_images: ['first_frame', 'last_frame'],
	});
	expect((await t.json('/models', noKey)).status).toBe(200);
	const refused = await t.json('/videos', { method: 'POST', json: veo, ...noKey });
	expect([refused.status, refused.body]).toEqual([
		401,
		{ error: { code: 401, message: 'No auth credentials found' } },
	]);
	const wrongKey = await t.json('/videos/x', { headers: { authorization: 'Bearer sk-wrong' } });
	expect(wrongKey.body.error.message).toBe('User not found.');
});

test.each([
	[
		'a field OpenRouter does not know',
		{ ...veo, seconds: '4', size: '1280x720' },
		"Unrecognized key(s) in object: 'seconds'",
	],
	['no model', { prompt: 'p' }, 'model: expected a non-empty string'],
	[
		'a model the catalog lacks',
		{ ...veo, model: 'sora-2' },
		'Video models: google/veo-3.1, openai/sora-2-pro, alibaba/wan-2.6',
	],
	[
		'a duration the model lacks',
		{ ...veo, duration: 5 },
		'duration 5 is not supported by google/veo-3.1. Supported values: 4, 6, 8',
	],
	['duration as text', { ...veo, duration: '4' }, 'duration: expected an integer'],
	['a resolution the model lacks', { ...veo, resolution: '480p' }, 'Supported values: 720p, 1080p'],
	[
		'an aspect ratio the model lacks',
		{ ...veo, aspect_ratio: '1:1' },
		'aspect_ratio "1:1" is not supported',
	],
	[
		'a size on a model without sizes',
		{ ...veo, size: '1280x720' },
		'give resolution and aspect_ratio',
	],
	[
		'size and resolution together',
		{ ...veo, model: 'openai/sora-2-pro', size: '1280x720', resolution: '720p' },
		'not both',
	],
	[
		'a frame type the model lacks',
		{ ...veo, model: 'openai/sora-2-pro', frame_images: [frame(png(), 'last_frame')] },
		'not supported by openai/sora-2-pro',
	],
	[
		'two first frames',
		{ ...veo, frame_images: [frame(png(), 'first_frame'), frame(png(), 'first_frame')] },
		'more than one first_frame',
	],
	[
		'a data: URL that is no image',
		{ ...veo, frame_images: [frame('data:image/png;base64,AAAA', 'first_frame')] },
		'base64 data URL of an image',
	],
	[
		'audio from a model without it',
		{ ...veo, model: 'alibaba/wan-2.6', generate_audio: true },
		'generate_audio is not supported',
	],
	[
		'a callback that is not https',
		{ ...veo, callback_url: 'http://example.com/hook' },
		'must be an HTTPS URL',
	],
])('refuses %s with 400, naming it', async (_name, body, message) => {
	const before = t.sim.count('POST /videos');
	const answer = await t.json('/videos', { method: 'POST', json: body });
	expect(answer.status).toBe(400);
	expect(answer.body.error.code).toBe(400);
	expect(answer.body.error.message).toContain(message);
	expect(t.sim.log().at(-1)?.status).toBe(400);
	expect(t.sim.count('POST /videos')).toBe(before + 1);
});

test('create is JSON only', async () => {
	const body = new FormData();
	body.append('prompt', 'p');
	body.append('model', 'google/veo-3.1');
	const answer = await t.json('/videos', { method: 'POST', body });
	expect([answer.status, answer.body.error.message]).toEqual([
		400,
		'Content-Type must be application/json',
	]);
});

test('202 {id, polling_url, status: pending}, then in_progress with progress, then completed with urls', async () => {
	const job = await created({
		...veo,
		duration: 6,
		resolution: '720p',
		aspect_ratio: '9:16',
		generate_audio: false,
		seed: 7,
		provider: { only: ['google-vertex'] },
		frame_images: [
			frame(png(720, 1280), 'first_frame'),
			frame('https://example.com/l.png', 'last_frame'),
		],
	});
	expect(Object.keys(job)).toEqual(['id', 'polling_url', 'status']);
	expect(job).toMatchObject({ polling_url: `/api/v1/videos/${job.id}`, status: 'pending' });
	expect((await t.json(job.polling_url.replace('/api/v1', ''))).body.status).toBe('pending');
	t.clock.advance(5000);
	const running = (await t.json(`/videos/${job.id}`)).body;
	expect(running).toMatchObject({ status: 'in_progress', generation_id: expect.any(String) });
	expect(Number.isInteger(running.progress) && running.progress > 0).toBe(true);
	expect(running.urls).toBeUndefined();
	t.clock.advance(10000);
	const done = (await t.json(`/videos/${job.id}`)).body;
	expect(done).toMatchObject({ status: 'completed', usage: { is_byok: false } });
	expect(t.sim.createdWith(job.id)).toEqual({
		fields: [
			'model',
			'prompt',
			'duration',
			'resolution',
			'aspect_ratio',
			'generate_audio',
			'seed',
			'provider',
			'frame_images',
		],
		frames: ['first_frame', 'last_frame'],
	});
	expect(t.sim.referenceOf(job.id)).toEqual({ kind: 'image_url', field: 'frame_images' });
	const expected = await t.sim.expectedSha256(job.id);
	// The signed URL is on another origin and needs no key; the unsigned one is /content with the key.
	expect(new URL(done.urls[0]).origin).not.toBe(new URL(t.sim.baseUrl).origin);
	const signed = await fetch(done.urls[0]);
	expect(sha256(Buffer.from(await signed.arrayBuffer()))).toBe(expected);
	expect(done.unsigned_urls).toEqual([`${t.sim.baseUrl}/videos/${job.id}/content?index=0`]);
	const content = await download(t, done.unsigned_urls[0]);
	expect([content.res.status, sha256(content.bytes)]).toEqual([200, expected]);
	expect((await fetch(done.unsigned_urls[0])).status).toBe(401);
});

/** The coded width and height of an MP4's H.264 frames (its `avc1` sample entry). */
function trackSize(mp4: Buffer): string {
	const entry = mp4.indexOf('avc1', mp4.indexOf('stsd')) + 4;
	return `${mp4.readUInt16BE(entry + 24)}x${mp4.readUInt16BE(entry + 26)}`;
}

test('resolution and aspect ratio make the pixel size (720p 9:16 is 720x1280); exact sizes are taken as they are', async () => {
	const portrait = await created({ ...veo, aspect_ratio: '9:16' });
	const exact = await created({ ...veo, model: 'openai/sora-2-pro', size: '1792x1024' });
	const defaults = await created({ ...veo, model: 'alibaba/wan-2.6' });
	t.clock.advance(50000);
	for (const [id, size] of [
		[portrait.id, '720x1280'],
		[exact.id, '1792x1024'],
		[defaults.id, '854x480'],
	]) {
		const bytes = (await download(t, `/videos/${id}/content?index=0`)).bytes;
		expect(trackSize(bytes)).toBe(size);
	}
});

test('failed, cancelled and expired are terminal; the error is a string; no urls', async () => {
	const failed = await created({ ...veo, prompt: 'p [moderation]' });
	const cancelled = await created({ ...veo, prompt: 'p [cancelled]' });
	const expiring = await created(veo);
	t.clock.advance(20000);
	expect((await t.json(`/videos/${failed.id}`)).body).toMatchObject({
		status: 'failed',
		error: 'Your request was blocked by our moderation system.',
	});
	expect((await t.json(`/videos/${cancelled.id}`)).body).toMatchObject({
		status: 'cancelled',
		error: expect.any(String),
	});
	const content = await t.json(`/videos/${failed.id}/content?index=0`);
	expect([content.status, content.body.error.message]).toEqual([
		409,
		`Video ${failed.id} has no content (status: failed)`,
	]);
	expect((await t.json(`/videos/${expiring.id}`)).body.status).toBe('completed');
	t.clock.advance(600_000);
	const expired = (await t.json(`/videos/${expiring.id}`)).body;
	expect(expired.status).toBe('expired');
	expect(expired.urls).toBeUndefined();
});

test('callback_url: one POST when a job ends, with the job in OpenRouter’s webhook envelope', async () => {
	const arrived: SeenRequest[] = [];
	const waiters: Array<() => void> = [];
	const hook = await serve((request) => {
		arrived.push(request);
		waiters.splice(0).forEach((wake) => wake());
		return { status: 204, headers: {}, body: '' };
	});
	const callbacks = async (count: number) => {
		while (arrived.length < count) await new Promise<void>((wake) => waiters.push(wake));
		return arrived.map((request) => JSON.parse(request.body.toString()));
	};
	const blocked = await created({
		...veo,
		prompt: 'p [moderation]',
		callback_url: `${hook.origin}/hook?job=1`,
	});
	const rendered = await created({ ...veo, callback_url: `${hook.origin}/hook?job=2` });
	// The blocked job ends as it leaves the queue: its callback goes out after the next request, once.
	t.clock.advance(2000);
	for (let poll = 0; poll < 3; poll++) await t.json(`/videos/${blocked.id}`);
	const [failed] = await callbacks(1);
	expect(failed).toMatchObject({
		type: 'video.generation.failed',
		created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		data: { id: blocked.id, status: 'failed', error: expect.any(String) },
	});
	expect(arrived[0]).toMatchObject({ method: 'POST', path: '/hook?job=1' });
	t.clock.advance(10000);
	await t.json(`/videos/${rendered.id}`);
	const all = await callbacks(2);
	expect(all.map((callback) => [callback.type, callback.data.id])).toEqual([
		['video.generation.failed', blocked.id],
		['video.generation.completed', rendered.id],
	]);
	expect(all[1].data.unsigned_urls).toEqual([
		`${t.sim.baseUrl}/videos/${rendered.id}/content?index=0`,
	]);
});

test('no list, no delete, no remix: 404 Not Found', async () => {
	const job = await created();
	for (const [path, method] of [
		['/videos', 'GET'],
		[`/videos/${job.id}`, 'DELETE'],
		[`/videos/${job.id}/remix`, 'POST'],
	]) {
		const answer = await t.json(path, {
			method,
			json: method === 'POST' ? { prompt: 'p' } : undefined,
		});
		expect([answer.status, answer.body]).toEqual([
			404,
			{ error: { code: 404, message: 'Not Found' } },
		]);
	}
	const unknown = await t.json('/videos/vgen-nobody');
	expect(unknown.body).toEqual({ error: { code: 404, message: 'Video generation job not found' } });
});
