import { createHash } from 'node:crypto';
import { makePng, type ServerProfile } from '../../simulator';
import { startTestServer, stopAll, type TestServer } from './helpers';

// Each server profile reproduces its server's differences (the ones docs/protocol.md lists).

afterAll(stopAll);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const start = (profile: ServerProfile) => startTestServer({ profile });
const isMp4 = (bytes: Buffer) => bytes.toString('ascii', 4, 8) === 'ftyp';

async function download(t: TestServer, path: string, headers: Record<string, string> = {}) {
	const res = await t.call(path, { headers });
	return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('litellm', () => {
	let t: TestServer;
	beforeAll(async () => (t = await start('litellm')));

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
			(await t.json(`${root}/videos?custom_llm_provider=openai`)).body.data.map((v: any) => v.id),
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
});

describe('newapi', () => {
	let t: TestServer;
	beforeAll(async () => (t = await start('newapi')));

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
			expect([
				res.status,
				res.headers.get('content-type'),
				res.headers.get('cache-control'),
			]).toEqual([200, 'text/html; charset=utf-8', 'no-cache']);
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
});

describe('bifrost', () => {
	let t: TestServer;
	beforeAll(async () => (t = await start('bifrost')));

	test('create is JSON only and needs provider/model', async () => {
		const body = new FormData();
		body.append('prompt', 'p');
		body.append('model', 'openai/sora-2');
		const multipart = await t.json('/videos', { method: 'POST', body });
		expect([multipart.status, multipart.body.error.message]).toEqual([
			400,
			'Invalid request format',
		]);
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
		expect((await t.json('/videos')).body.error.message).toBe(
			'provider query parameter is required',
		);
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
});

describe('reseller-json-content', () => {
	test('sora-2:task_ ids; /content answers JSON whose url serves the MP4 without auth', async () => {
		const t = await start('reseller-json-content');
		const video = await t.completedVideo();
		expect(video.id).toMatch(/^sora-2:task_[0-9a-f]+$/);
		const content = await t.json(`/videos/${encodeURIComponent(video.id)}/content`);
		expect(content.status).toBe(200);
		expect(content.body).toMatchObject({
			id: video.id,
			object: 'video',
			status: 'completed',
			video_url: content.body.url,
		});
		expect(new URL(content.body.url).origin).toBe(new URL(t.sim.baseUrl).origin);
		const file = await fetch(content.body.url);
		const bytes = Buffer.from(await file.arrayBuffer());
		expect(file.headers.get('content-type')).toBe('video/mp4');
		expect(sha256(bytes)).toBe(await t.sim.expectedSha256(video.id));
		expect(t.sim.log().at(-1)).toMatchObject({
			origin: 'api',
			route: 'GET /files/{id}',
			status: 200,
		});
		expect(t.sim.log().at(-1)?.headers.authorization).toBeUndefined();
	});
});

describe('trt', () => {
	let t: TestServer;
	beforeAll(async () => (t = await start('trt')));

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
});

/** A multipart create, as vLLM-Omni needs (every field a form field). */
function form(fields: Record<string, string>): FormData {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.append(name, value);
	return body;
}

describe('trt (TensorRT-LLM, self-hosted-servers.md §3)', () => {
	let t: TestServer;
	beforeAll(async () => (t = await start('trt')));

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
});

describe('vllm-omni (self-hosted-servers.md §1)', () => {
	let t: TestServer;
	beforeAll(
		async () =>
			(t = await startTestServer({
				profile: 'vllm-omni',
				servedModel: 'Wan-AI/Wan2.1-T2V-1.3B-Diffusers',
			})),
	);
	const created = async (fields: Record<string, string> = {}) =>
		(await t.json('/videos', { method: 'POST', body: form({ prompt: 'p', ...fields }) })).body;

	test("multipart only: a JSON body is vLLM's 400 validation error for body.prompt", async () => {
		const res = await t.json('/videos', { method: 'POST', json: { prompt: 'p' } });
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({
			type: 'Bad Request',
			param: 'body.prompt',
			code: 400,
			message: expect.stringContaining('Field required'),
		});
	});

	test('video_gen_ ids, queued then in_progress at once, progress 0 then 100, extra fields', async () => {
		const body = await created();
		expect(body).toMatchObject({
			id: expect.stringMatching(/^video_gen_[0-9a-f]{32}$/),
			status: 'queued',
			progress: 0,
			model: 'Wan-AI/Wan2.1-T2V-1.3B-Diffusers',
			media_type: 'video/mp4',
			file_name: null,
			quality: 'default',
		});
		expect((await t.json(`/videos/${body.id}`)).body).toMatchObject({
			status: 'in_progress',
			progress: 0,
		});
		t.clock.advance(9000);
		expect((await t.json(`/videos/${body.id}`)).body).toMatchObject({
			status: 'in_progress',
			progress: 0,
		});
		t.clock.advance(2000);
		expect((await t.json(`/videos/${body.id}`)).body).toMatchObject({
			status: 'completed',
			progress: 100,
			file_name: `${body.id}.mp4`,
		});
	});

	test('the served-model rule: any other model is "Model mismatch"; none, or the served name, runs it', async () => {
		const mismatch = await t.json('/videos', {
			method: 'POST',
			body: form({ prompt: 'p', model: 'sora-2' }),
		});
		expect([mismatch.status, mismatch.body.error.message]).toEqual([
			400,
			"Model mismatch: request specifies 'sora-2' but server is running 'Wan-AI/Wan2.1-T2V-1.3B-Diffusers'.",
		]);
		expect((await created({ model: 'Wan-AI/Wan2.1-T2V-1.3B-Diffusers' })).model).toBe(
			'Wan-AI/Wan2.1-T2V-1.3B-Diffusers',
		);
	});

	test("a failed job is answered with its failure's status and the video as the body (400 guardrail, 500 engine); its content is 422", async () => {
		for (const [marker, status] of [
			['[moderation]', 400],
			['[engine-error]', 500],
		] as const) {
			const body = await created({ prompt: `p ${marker}` });
			t.clock.advance(2000);
			const got = await t.json(`/videos/${body.id}`);
			expect(got.status).toBe(status);
			expect(got.body).toMatchObject({
				object: 'video',
				id: body.id,
				status: 'failed',
				progress: 0,
				error: { code: status },
			});
			expect((await t.json(`/videos/${body.id}/content`)).status).toBe(422);
			// In the list a failed job is just an entry.
			expect((await t.json('/videos')).status).toBe(200);
		}
	});

	test('content before completion is 404 "in-progress"; variant is ignored; a 401 is {"error":"Unauthorized"}', async () => {
		const body = await created();
		expect(await t.json(`/videos/${body.id}/content`)).toMatchObject({
			status: 404,
			body: { error: { message: 'Generation is still in-progress', type: 'Not Found', code: 404 } },
		});
		t.clock.advance(20000);
		const { res, bytes } = await download(t, `/videos/${body.id}/content?variant=thumbnail`);
		expect([res.status, isMp4(bytes)]).toEqual([200, true]);
		expect(
			await t.json('/videos', { headers: { authorization: 'Bearer sk-wrong' } }),
		).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
	});

	test('URL references: image_reference holds the JSON string {"image_url"}; input_reference[image_url] is ignored; file_id refused', async () => {
		const byUrl = await created({
			image_reference: JSON.stringify({ image_url: 'https://example.com/a.png' }),
		});
		expect(t.sim.referenceOf(byUrl.id)).toEqual({ kind: 'image_url', field: 'image_reference' });
		const bracketed = await created({ 'input_reference[image_url]': 'https://example.com/a.png' });
		expect(t.sim.referenceOf(bracketed.id)).toBeNull();
		const fileId = await t.json('/videos', {
			method: 'POST',
			body: form({ prompt: 'p', image_reference: '{"file_id":"file_1"}' }),
		});
		expect([fileId.status, fileId.body.error.message]).toEqual([
			400,
			'Invalid image_reference: file_id is not supported yet.',
		]);
	});

	test("list: OpenAI's cursor shape, all jobs without a limit; delete cancels a running job; no remix", async () => {
		for (let index = 0; index < 20; index++) await created();
		const all = (await t.json('/videos')).body;
		expect(all).toMatchObject({ object: 'list', has_more: false });
		expect(all.data.length).toBeGreaterThan(20);
		const running = await created();
		expect(await t.json(`/videos/${running.id}`, { method: 'DELETE' })).toMatchObject({
			status: 200,
			body: { id: running.id, deleted: true, object: 'video.deleted' },
		});
		const remix = await t.json(`/videos/${all.data[0].id}/remix`, {
			method: 'POST',
			json: { prompt: 'again' },
		});
		expect(remix).toMatchObject({ status: 404, body: { error: { type: 'Not Found', code: 404 } } });
	});
});

describe('sglang (self-hosted-servers.md §2)', () => {
	let t: TestServer;
	beforeAll(async () => (t = await start('sglang')));

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
});
