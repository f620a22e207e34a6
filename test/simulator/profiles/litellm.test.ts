/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { download, form, isMp4, sha256, useTestServer, type JsonBody } from '../helpers';

// LiteLLM's proxy (simulator/profiles/litellm.ts): the differences docs/protocol.md lists.

const t = useTestServer({ profile: 'litellm' });

test('ids are video_ + base64 of the provider string, with = padding and no /', async () => {
	for (let i = 0; i < 20; i++) {
		const { body } = await t.json('/videos', { method: 'POST', json: { prompt: `p${i}` } });
		expect(body.id).toMatch(/^video_[A-Za-z0-9+]+=+$/);
		expect(Buffer.from(body.id.slice(6), 'base64').toString()).toMatch(
			/^litellm:custom_llm_provider:openai;model_id:sora-2;video_id:video_[0-9a-f]+$/,
		);
	}
});

test("status 'processing', progress null, no prompt, usage.duration_seconds", async () => {
	const { body } = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', seconds: '8' },
	});
	expect(body).toMatchObject({
		status: 'processing',
		progress: null,
		usage: { duration_seconds: 8 },
	});
	expect(body).not.toHaveProperty('prompt');
	t.clock.advance(5000);
	expect((await t.json(`/videos/${encodeURIComponent(body.id)}`)).body.status).toBe('processing');
	t.clock.advance(5000);
	expect((await t.json(`/videos/${encodeURIComponent(body.id)}`)).body).toMatchObject({
		status: 'completed',
		progress: null,
	});
});

test('x-litellm-api-key is accepted; errors carry the HTTP status as a string code', async () => {
	expect(
		(
			await t.json('/models', {
				headers: { authorization: '', 'x-litellm-api-key': t.sim.apiKey },
			})
		).status,
	).toBe(200);
	const bad = await t.json('/videos', { method: 'POST', json: { prompt: 'p', seconds: 8 } });
	expect(bad.status).toBe(400);
	expect(bad.body.error).toMatchObject({
		code: '400',
		param: 'seconds',
		type: 'invalid_request_error',
	});
});

test('DELETE is 405 {"detail":"Method Not Allowed"}', async () => {
	const video = await t.completedVideo();
	const res = await t.json(`/videos/${encodeURIComponent(video.id)}`, { method: 'DELETE' });
	expect([res.status, res.body]).toEqual([405, { detail: 'Method Not Allowed' }]);
});

test('content is always the MP4 as video/mp4, whatever the variant', async () => {
	const video = await t.completedVideo();
	const { res, bytes } = await download(
		t,
		`/videos/${encodeURIComponent(video.id)}/content?variant=thumbnail`,
	);
	expect(res.headers.get('content-type')).toBe('video/mp4');
	expect(isMp4(bytes)).toBe(true);
	expect(sha256(bytes)).toBe(await t.sim.expectedSha256(video.id, 'thumbnail'));
	expect(sha256(bytes)).toBe(await t.sim.expectedSha256(video.id, 'video'));
});

test('list needs custom_llm_provider (query or header)', async () => {
	const bare = await t.json('/videos');
	expect(bare.status).toBe(400);
	expect(bare.body.error).toMatchObject({ code: '400', param: 'None' });
	expect((await t.json('/videos?custom_llm_provider=openai')).status).toBe(200);
	expect((await t.json('/videos', { headers: { 'custom-llm-provider': 'openai' } })).status).toBe(
		200,
	);
});

test('every route is also mounted without /v1', async () => {
	const root = new URL(t.sim.baseUrl).origin;
	const created = await t.json(`${root}/videos`, { method: 'POST', json: { prompt: 'p' } });
	expect(created.status).toBe(200);
	const id = encodeURIComponent(created.body.id);
	expect(t.sim.log().at(-1)).toMatchObject({
		path: '/videos',
		route: 'POST /videos',
		status: 200,
	});
	expect((await t.json(`${root}/videos/${id}`)).body.status).toBe('processing');
	t.clock.advance(10000);
	expect((await t.json(`${root}/videos/${id}`)).body.status).toBe('completed');
	const { res, bytes } = await download(t, `${root}/videos/${id}/content`);
	expect([res.status, isMp4(bytes)]).toEqual([200, true]);
	const remix = await t.json(`${root}/videos/${id}/remix`, {
		method: 'POST',
		json: { prompt: 'again' },
	});
	expect(remix.body.remixed_from_video_id).toBe(created.body.id);
	expect(
		(await t.json(`${root}/videos?custom_llm_provider=openai`)).body.data.map(
			(v: JsonBody) => v.id,
		),
	).toContain(created.body.id);
	expect((await t.json(`${root}/models`)).body.object).toBe('list');
	expect((await t.json(`${root}/videos/${id}`, { method: 'DELETE' })).status).toBe(405);
	expect(
		(await t.json(`${root}/videos/${id}`, { headers: { authorization: 'Bearer sk-wrong' } }))
			.status,
	).toBe(401);
	expect((await t.json(`${root}/nothing/here`)).body).toEqual({ detail: 'Not Found' });
});

test('an id segment holding %2F does not route (FastAPI 404); unknown paths too', async () => {
	expect((await t.json('/videos/video_abc%2Fdef')).body).toEqual({ detail: 'Not Found' });
	expect((await t.json('/videos/x/edits', { method: 'POST', json: {} })).body).toEqual({
		detail: 'Not Found',
	});
});

describe('edits, extensions and characters as litellm/proxy/video_endpoints/ reads them', () => {
	const clip = readFileSync(join(__dirname, '../../fixtures/video.mp4'));
	const upload = (fields: Record<string, string>) =>
		form(fields, { name: 'video', bytes: clip, type: 'video/mp4', filename: 'clip.mp4' });
	const post = (path: string, init: RequestInit & { json?: unknown }) =>
		t.json(path, { method: 'POST', ...init });

	test('a multipart video id is the text field `video` (plain or {"id"} JSON); video[id] is never read', async () => {
		const source = await t.completedVideo();
		const plain = await post('/videos/edits', { body: form({ prompt: 'p', video: source.id }) });
		expect(plain.status).toBe(200);
		const json = await post('/videos/extensions', {
			body: form({ prompt: 'p', seconds: '4', video: JSON.stringify({ id: source.id }) }),
		});
		expect([json.status, json.body.seconds]).toEqual([200, '8']);
		const bracket = await post('/videos/edits', {
			body: form({ prompt: 'p', 'video[id]': source.id }),
		});
		expect([bracket.status, bracket.body.error]).toEqual([
			400,
			expect.objectContaining({ param: 'video.id', code: '400' }),
		]);
	});

	test('edits take an upload; the extension route reads only an id, so an upload fails upstream', async () => {
		const edited = await post('/videos/edits', { body: upload({ prompt: 'p', model: 'sora-2' }) });
		expect([edited.status, edited.body.size]).toEqual([200, '320x180']);
		expect(edited.body.id).toMatch(/^video_/);
		const extended = await post('/videos/extensions', {
			body: upload({ prompt: 'p', seconds: '4' }),
		});
		expect([extended.status, extended.body.error.param]).toEqual([400, 'video.id']);
	});

	test("the character route's form fields are FastAPI's: 422 when missing or not a file", async () => {
		const json = await post('/videos/characters', { json: { name: 'Mossy' } });
		expect(json.status).toBe(422);
		expect(json.body.detail.map((problem: { loc: string[] }) => problem.loc)).toEqual([
			['body', 'name'],
			['body', 'video'],
		]);
		const text = await post('/videos/characters', { body: form({ name: 'Mossy', video: 'x' }) });
		expect([text.status, text.body.detail[0].type]).toEqual([422, 'value_error']);
		const made = await post('/videos/characters', {
			body: form(
				{ name: 'Mossy' },
				{ name: 'video', bytes: clip, type: 'video/mp4', filename: 'm.mp4' },
			),
		});
		expect(made.status).toBe(200);
		expect((await t.json(`/videos/characters/${made.body.id}`)).body).toEqual(made.body);
	});
});
