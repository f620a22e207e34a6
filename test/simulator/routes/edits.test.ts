/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SERVER_PROFILES } from '../../../simulator';
import { mp4Info } from '../../../simulator/mp4';
import {
	download,
	form,
	sha256,
	startTestServer,
	stopAll,
	testResponseSchemas,
	useValidatedServer,
} from '../helpers';

// POST /videos/edits and POST /videos/extensions (simulator/routes/edits.ts), openai profile.

const t = useValidatedServer();
const clip = readFileSync(join(__dirname, '../../fixtures/video.mp4'));
const upload = (fields: Record<string, string>, bytes = clip) =>
	form(fields, { name: 'video', bytes, type: 'video/mp4', filename: 'clip.mp4' });
const post = (path: string, init: RequestInit & { json?: unknown }) =>
	t.json(path, { method: 'POST', ...init });
const finish = () => t.clock.advance(t.sim.options.renderMs + 1);

test('an edit of a completed video by id is a new job of the same model, size and length', async () => {
	const source = await t.completedVideo({ size: '1280x720', seconds: '8' });
	const res = await post('/videos/edits', {
		json: { prompt: 'the same street at night', video: { id: source.id } },
	});
	expect(res.status).toBe(200);
	expect(res.body).toMatchObject({
		object: 'video',
		status: 'queued',
		model: 'sora-2',
		size: '1280x720',
		seconds: '8',
		prompt: 'the same street at night',
		remixed_from_video_id: null,
	});
	expect(res.body.id).not.toBe(source.id);
	finish();
	const { bytes } = await download(t, `/videos/${res.body.id}/content`);
	expect(mp4Info(bytes)).toEqual({ width: 1280, height: 720, seconds: 8 });
});

test('a multipart edit names its video as openai-node flattens it: video[id]', async () => {
	const source = await t.completedVideo();
	const res = await post('/videos/edits', { body: form({ prompt: 'p', 'video[id]': source.id }) });
	expect(res.status).toBe(200);
	expect(res.body.size).toBe('720x1280');
});

test('an uploaded MP4 is edited at its own size and length, and needs a model', async () => {
	const refused = await post('/videos/edits', { body: upload({ prompt: 'warmer colours' }) });
	expect([refused.status, refused.body.error.param, refused.body.error.code]).toEqual([
		400,
		'model',
		'missing_required_parameter',
	]);
	const res = await post('/videos/edits', {
		body: upload({ prompt: 'warmer colours', model: 'sora-2' }),
	});
	expect(res.status).toBe(200);
	expect(res.body).toMatchObject({ size: '320x180', seconds: '1', model: 'sora-2' });
	expect(t.sim.uploadOf(res.body.id)).toEqual({
		filename: 'clip.mp4',
		contentType: 'video/mp4',
		bytes: clip.length,
		sha256: sha256(clip),
	});
});

test.each([
	[
		'a source that is still rendering',
		async () => ({ video: { id: (await post('/videos', { json: { prompt: 'p' } })).body.id } }),
		400,
		'video',
	],
	['an unknown video', async () => ({ video: { id: 'video_nope' } }), 404, null],
	['no video', async () => ({}), 400, 'video'],
	['a video that is a string', async () => ({ video: 'video_123' }), 400, 'video'],
	['an unknown parameter', async () => ({ video: { id: 'x' }, seconds: '4' }), 400, 'seconds'],
])('an edit of %s is refused', async (_name, body, status, param) => {
	const res = await post('/videos/edits', { json: { prompt: 'p', ...(await body()) } });
	expect([res.status, res.body.error.param]).toEqual([status, param]);
});

test('an uploaded file must be an MP4 by its bytes, and a text video part is not a file', async () => {
	const png = await post('/videos/edits', {
		body: upload({ prompt: 'p', model: 'sora-2' }, Buffer.from('\x89PNG\r\n\x1a\n not a video')),
	});
	expect([png.status, png.body.error.code]).toEqual([400, 'invalid_file_format']);
	const text = await post('/videos/edits', { body: form({ prompt: 'p', video: 'video_123' }) });
	expect([text.status, text.body.error.code]).toEqual([400, 'invalid_type']);
});

test('an extension reports the stitched total and renders it', async () => {
	const source = await t.completedVideo({ seconds: '4' });
	const res = await post('/videos/extensions', {
		json: { prompt: 'the boat reaches the sea', seconds: '8', video: { id: source.id } },
	});
	expect(res.status).toBe(200);
	expect(res.body).toMatchObject({ seconds: '12', size: '720x1280', status: 'queued' });
	finish();
	const { bytes } = await download(t, `/videos/${res.body.id}/content`);
	expect(mp4Info(bytes)).toEqual({ width: 720, height: 1280, seconds: 12 });
});

test.each([
	['an integer', 8, 'invalid_type'],
	['a length OpenAI does not offer', '5', 'invalid_value'],
	['nothing', undefined, 'missing_required_parameter'],
])('extension seconds as %s are refused', async (_name, seconds, code) => {
	const source = await t.completedVideo();
	const res = await post('/videos/extensions', {
		json: { prompt: 'p', seconds, video: { id: source.id } },
	});
	expect([res.status, res.body.error.param, res.body.error.code]).toEqual([400, 'seconds', code]);
});

test('a video is extended at most six times and to at most 120 seconds', async () => {
	let video = await t.completedVideo({ seconds: '20' });
	for (let extension = 1; extension <= 5; extension++) {
		const res = await post('/videos/extensions', {
			json: { prompt: `part ${extension}`, seconds: '20', video: { id: video.id } },
		});
		expect([res.status, res.body.seconds]).toEqual([200, String(20 + 20 * extension)]);
		video = res.body;
		finish();
	}
	const tooLong = await post('/videos/extensions', {
		json: { prompt: 'one more', seconds: '4', video: { id: video.id } },
	});
	expect([tooLong.status, tooLong.body.error.code]).toEqual([400, 'invalid_value']);
	expect(tooLong.body.error.message).toMatch(
		/at most 120 seconds long and can be extended at most 6 times/,
	);

	let short = await t.completedVideo({ seconds: '4' });
	for (let extension = 1; extension <= 6; extension++) {
		short = (
			await post('/videos/extensions', {
				json: { prompt: 'more', seconds: '4', video: { id: short.id } },
			})
		).body;
		finish();
	}
	expect(short.seconds).toBe('28');
	const seventh = await post('/videos/extensions', {
		json: { prompt: 'more', seconds: '4', video: { id: short.id } },
	});
	expect(seventh.status).toBe(400);
});

test('an uploaded MP4 can be extended: its own length plus the new segment', async () => {
	const res = await post('/videos/extensions', { body: upload({ prompt: 'p', seconds: '4' }) });
	expect(res.body).toMatchObject({ seconds: '5', size: '320x180' });
});

testResponseSchemas(t);

describe('servers without these routes answer as their routers do', () => {
	afterAll(stopAll);
	const lacking = SERVER_PROFILES.filter(
		(profile) => profile !== 'openai' && profile !== 'litellm',
	);
	const answers: Record<string, [number, unknown]> = {
		newapi: [
			404,
			{ error: expect.objectContaining({ message: expect.stringMatching(/^Invalid URL/) }) },
		],
		'reseller-json-content': [
			404,
			{ error: expect.objectContaining({ message: expect.stringMatching(/^Invalid URL/) }) },
		],
		bifrost: [
			404,
			{ error: expect.objectContaining({ message: expect.stringMatching(/^Invalid URL/) }) },
		],
		trt: [405, { detail: 'Method Not Allowed' }],
		sglang: [405, { detail: 'Method Not Allowed' }],
		'vllm-omni': [
			405,
			{ error: expect.objectContaining({ message: 'Method Not Allowed', code: 405 }) },
		],
	};
	test.each(lacking)('%s: extensions and characters are missing routes', async (profile) => {
		const server = await startTestServer({ profile });
		const [status, body] = answers[profile];
		for (const path of ['/videos/extensions', '/videos/characters']) {
			const res = await server.json(path, { method: 'POST', json: { prompt: 'p' } });
			expect([res.status, res.body]).toEqual([status, body]);
		}
		const character = await server.json('/videos/characters/char_1');
		expect(character.status).toBe(404);
		const edit = await server.json('/videos/edits', {
			method: 'POST',
			json: { prompt: 'p', video: { id: 'v:openai' } },
		});
		expect(edit.status).toBe(profile === 'bifrost' ? 404 : status);
		if (profile === 'bifrost') expect(edit.body.error.message).toMatch(/not found/);
	});
});
