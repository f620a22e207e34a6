import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageInfo, makePng } from '../../simulator';
import { schemaErrors } from '../../simulator/schema';
import { startTestServer, stopAll, type TestServer } from './helpers';

// The openai profile end to end, with request and response schema validation on throughout:
// the last test checks that the whole run produced zero response-schema violations.

const logFile = join(tmpdir(), `sim-log-${process.pid}-${Date.now()}.jsonl`);
let t: TestServer;

beforeAll(async () => {
	t = await startTestServer({ validateRequests: true, validateResponses: true, logFile });
});
afterAll(async () => {
	await stopAll();
	rmSync(logFile, { force: true });
});

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

function form(
	fields: Record<string, string | Blob>,
	file?: { name: string; bytes: Buffer; type?: string; filename?: string },
): FormData {
	const body = new FormData();
	for (const [key, value] of Object.entries(fields)) body.append(key, value);
	if (file)
		body.append(file.name, new Blob([file.bytes], { type: file.type ?? '' }), file.filename);
	return body;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('auth and request ids', () => {
	test('no key: 401 OpenAI envelope, with an x-request-id', async () => {
		const res = await t.json('/videos/x', { headers: { authorization: '' } });
		expect(res.status).toBe(401);
		expect(res.body.error).toEqual({
			message: expect.stringContaining("didn't provide an API key"),
			type: 'invalid_request_error',
			param: null,
			code: null,
		});
		expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
	});

	test('wrong key: 401 invalid_api_key, and the key is not echoed', async () => {
		const res = await t.json('/models', { headers: { authorization: 'Bearer sk-wrong-secret' } });
		expect(res.status).toBe(401);
		expect(res.body.error.code).toBe('invalid_api_key');
		expect(JSON.stringify(res.body)).not.toContain('sk-wrong');
	});

	test('api-key header (Azure style) is accepted; x-litellm-api-key is not (openai profile)', async () => {
		expect(
			(await t.json('/models', { headers: { authorization: '', 'api-key': t.sim.apiKey } })).status,
		).toBe(200);
		expect(
			(
				await t.json('/models', {
					headers: { authorization: '', 'x-litellm-api-key': t.sim.apiKey },
				})
			).status,
		).toBe(401);
	});

	test('GET /models lists the Sora models', async () => {
		const res = await t.json('/models');
		expect(res.status).toBe(200);
		expect(res.body.object).toBe('list');
		expect(res.body.data.map((m: any) => m.id)).toEqual(
			expect.arrayContaining(['sora-2', 'sora-2-pro']),
		);
	});

	test('unknown route: 404 "Invalid URL"', async () => {
		const res = await t.json('/videos/abc/edits', { method: 'POST', json: {} });
		expect(res.status).toBe(404);
		expect(res.body.error.message).toBe('Invalid URL (POST /v1/videos/abc/edits)');
	});

	test('paths outside /v1 are unknown routes too: no list, no models, no create', async () => {
		const root = new URL(t.sim.baseUrl).origin;
		const creates = t.sim.count('POST /videos');
		const create = await t.json(`${root}/videos`, { method: 'POST', json: { prompt: 'p' } });
		expect([create.status, create.body.error.message]).toEqual([404, 'Invalid URL (POST /videos)']);
		expect(t.sim.count('POST /videos')).toBe(creates);
		expect((await t.json(`${root}/models`)).body.error.message).toBe('Invalid URL (GET /models)');
		expect((await t.json(`${root}/videos`)).status).toBe(404);
		expect(t.sim.log().at(-1)?.route).toBe('GET /videos (no route)');
	});
});

describe('create and lifecycle', () => {
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

	test('queued → in_progress with rising progress → completed, from the clock alone', async () => {
		const { body: created } = await t.json('/videos', {
			method: 'POST',
			json: { prompt: 'waves', seconds: '8', size: '1280x720' },
		});
		const seen: Array<[string, number]> = [];
		for (let i = 0; i < 12; i++) {
			const { body } = await t.json(`/videos/${created.id}`);
			seen.push([body.status, body.progress]);
			t.clock.advance(1000);
		}
		expect(seen[0]).toEqual(['queued', 0]);
		const running = seen.filter(([s]) => s === 'in_progress').map(([, p]) => p);
		expect(running.length).toBeGreaterThan(5);
		expect(running).toEqual([...running].sort((a, b) => a - b));
		expect(Math.max(...running)).toBeLessThan(100);
		expect(seen[seen.length - 1]).toEqual(['completed', 100]);
		const { body: done } = await t.json(`/videos/${created.id}`);
		expect(done.completed_at).toBe(Math.floor((created.created_at * 1000 + 10000) / 1000));
		expect(done.expires_at).toBe(done.completed_at + 3600);
		expect(t.sim.completedAt(created.id)).not.toBeNull();
	});

	test('completedAt is null until the render ends; pro models render twice as long', async () => {
		const { body: pro } = await t.json('/videos', {
			method: 'POST',
			json: { prompt: 'slow', model: 'sora-2-pro', size: '1792x1024' },
		});
		const start = t.clock.now();
		t.clock.advance(15000);
		expect(t.sim.completedAt(pro.id)).toBeNull();
		expect((await t.json(`/videos/${pro.id}`)).body.status).toBe('in_progress');
		t.clock.advance(5000);
		expect(t.sim.completedAt(pro.id)).toBe(start + 20000);
	});

	test('a prompt with the moderation marker fails with moderation_blocked', async () => {
		const { body } = await t.json('/videos', {
			method: 'POST',
			json: { prompt: 'something [moderation] here' },
		});
		t.clock.advance(2000);
		const { body: failed } = await t.json(`/videos/${body.id}`);
		expect(failed.status).toBe('failed');
		expect(failed.error).toEqual({
			code: 'moderation_blocked',
			message: 'Your request was blocked by our moderation system.',
		});
		expect(t.sim.completedAt(body.id)).toBeNull();
		const content = await t.json(`/videos/${body.id}/content`);
		expect(content.status).toBe(404);
	});
});

describe('create validation (OpenAI messages and status codes)', () => {
	const cases: Array<[string, unknown, string | null, string | null, RegExp]> = [
		[
			'missing prompt',
			{ model: 'sora-2' },
			'prompt',
			'missing_required_parameter',
			/Missing required parameter: 'prompt'/,
		],
		['empty prompt', { prompt: '' }, 'prompt', 'string_below_min_length', /minimum length 1/],
		[
			'prompt too long',
			{ prompt: 'x'.repeat(32001) },
			'prompt',
			'string_above_max_length',
			/got a string with length 32001/,
		],
		[
			'prompt too long in characters (emoji count once)',
			{ prompt: '🎬'.repeat(32001) },
			'prompt',
			'string_above_max_length',
			/got a string with length 32001/,
		],
		['prompt not a string', { prompt: 5 }, 'prompt', 'invalid_type', /Invalid type for 'prompt'/],
		[
			'integer seconds',
			{ prompt: 'p', seconds: 8 },
			'seconds',
			'invalid_type',
			/^Invalid type for 'seconds': expected one of '4', '8', '12', '16', or '20', but got an integer instead\.$/,
		],
		[
			'unknown seconds',
			{ prompt: 'p', seconds: '10' },
			'seconds',
			'invalid_value',
			/^Invalid value: '10'\. Supported values are: '4', '8', '12', '16', and '20'\.$/,
		],
		[
			'pro size on sora-2',
			{ prompt: 'p', size: '1792x1024' },
			'size',
			'invalid_value',
			/model 'sora-2'/,
		],
		[
			'1080p on sora-2',
			{ prompt: 'p', size: '1920x1080' },
			'size',
			'invalid_value',
			/Supported values/,
		],
		[
			'size not WxH on a gateway model',
			{ prompt: 'p', model: 'wan-2.2', size: 'big' },
			'size',
			'invalid_value',
			/WIDTHxHEIGHT/,
		],
		[
			'unknown parameter',
			{ prompt: 'p', duration: 8 },
			'duration',
			'unknown_parameter',
			/Unknown parameter: 'duration'/,
		],
		[
			'input_reference as a string',
			{ prompt: 'p', input_reference: 'https://x/y.png' },
			'input_reference',
			'invalid_type',
			/expected an object/,
		],
		[
			'input_reference with both keys',
			{ prompt: 'p', input_reference: { image_url: 'https://x/y.png', file_id: 'file-1' } },
			'input_reference',
			'invalid_value',
			/exactly one/,
		],
		[
			'input_reference http URL',
			{ prompt: 'p', input_reference: { image_url: 'http://x/y.png' } },
			'input_reference.image_url',
			'invalid_value',
			/https URL or a base64 data URL/,
		],
	];
	test.each(cases)('%s → 400', async (_name, body, param, code, message) => {
		const res = await t.json('/videos', { method: 'POST', json: body });
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param, code });
		expect(res.body.error.message).toMatch(message);
	});

	test('accepted: 16/20 seconds, pro sizes on sora-2-pro, any WxH on an unknown model', async () => {
		for (const body of [
			{ prompt: 'p', seconds: '20' },
			{ prompt: 'p', model: 'sora-2-pro', size: '1080x1920', seconds: '16' },
			{ prompt: 'p', model: 'wan-2.2-t2v', size: '832x480' },
			{ prompt: 'p', characters: [{ id: 'char_1' }] },
		]) {
			const res = await t.json('/videos', { method: 'POST', json: body });
			expect([res.status, res.body.size]).toEqual([200, (body as any).size ?? '720x1280']);
		}
	});

	test('a gateway model takes any whole number of seconds as a string; OpenAI models stay strict', async () => {
		for (const seconds of ['5', '6', '10', '30']) {
			const res = await t.json('/videos', {
				method: 'POST',
				json: { prompt: 'p', model: 'wan-2.2-t2v', size: '832x480', seconds },
			});
			expect([res.status, res.body.seconds]).toEqual([200, seconds]);
		}
		const multipart = await t.json('/videos', {
			method: 'POST',
			body: form({ prompt: 'p', model: 'veo-3.1-fast', seconds: '6' }),
		});
		expect([multipart.status, multipart.body.seconds]).toEqual([200, '6']);
		const integer = await t.json('/videos', {
			method: 'POST',
			json: { prompt: 'p', model: 'wan-2.2-t2v', seconds: 6 },
		});
		expect([integer.status, integer.body.error.code, integer.body.error.param]).toEqual([
			400,
			'invalid_type',
			'seconds',
		]);
		expect(integer.body.error.message).toBe(
			"Invalid type for 'seconds': expected a string, but got an integer instead.",
		);
		for (const seconds of ['0', '5.5', '-4', 'five', '']) {
			const res = await t.json('/videos', {
				method: 'POST',
				json: { prompt: 'p', model: 'wan-2.2-t2v', seconds },
			});
			expect([res.status, res.body.error.code, res.body.error.param]).toEqual([
				400,
				'invalid_value',
				'seconds',
			]);
			expect(res.body.error.message).toBe(
				`Invalid value: '${seconds}'. Expected a whole number of seconds, e.g. '5'.`,
			);
		}
		for (const model of ['sora-2-pro', 'sora-2-2025-12-08']) {
			const res = await t.json('/videos', {
				method: 'POST',
				json: { prompt: 'p', model, seconds: '10' },
			});
			expect([res.status, res.body.error.code]).toEqual([400, 'invalid_value']);
		}
	});

	test('invalid JSON and an unsupported Content-Type are 400', async () => {
		const bad = await t.json('/videos', {
			method: 'POST',
			body: '{"prompt":',
			headers: { 'content-type': 'application/json' },
		});
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toMatch(/could not parse the JSON body/);
		const text = await t.json('/videos', {
			method: 'POST',
			body: 'prompt=x',
			headers: { 'content-type': 'text/plain' },
		});
		expect(text.status).toBe(400);
		expect(text.body.error.message).toMatch(/Content-Type/);
	});

	test('JSON input_reference: https URL, data URL of the right size, file_id', async () => {
		const png = makePng(720, 1280).toString('base64');
		for (const ref of [
			{ image_url: 'https://example.com/a.png' },
			{ image_url: `data:image/png;base64,${png}` },
			{ file_id: 'file-abc' },
		]) {
			const res = await t.json('/videos', {
				method: 'POST',
				json: { prompt: 'p', input_reference: ref },
			});
			expect(res.status).toBe(200);
		}
		const wrong = makePng(100, 100).toString('base64');
		const res = await t.json('/videos', {
			method: 'POST',
			json: { prompt: 'p', input_reference: { image_url: `data:image/png;base64,${wrong}` } },
		});
		expect(res.status).toBe(400);
		expect(res.body.error.message).toBe('Inpaint image must match the requested width and height');
	});

	test('validateRequests: a body our own rules let through but the OpenAPI schema rejects is a 400', async () => {
		const res = await t.json('/videos', {
			method: 'POST',
			json: { prompt: 'p', input_reference: { image_url: 'https://exa mple.com/a b.png' } },
		});
		expect(res.status).toBe(400);
		expect(res.body.error.message).toMatch(
			/OpenAPI schema CreateVideoJsonBody: \/input_reference\/image_url must match format "uri"/,
		);
		t.sim.configure({ validateRequests: false });
		expect(
			(
				await t.json('/videos', {
					method: 'POST',
					json: { prompt: 'p', input_reference: { image_url: 'https://exa mple.com/a b.png' } },
				})
			).status,
		).toBe(200);
		t.sim.configure({ validateRequests: true });
	});
});

describe('multipart create with input_reference', () => {
	const post = (body: FormData) => t.json('/videos', { method: 'POST', body });

	test('a PNG file part of the right size is accepted', async () => {
		const res = await post(
			form(
				{ prompt: 'p', size: '1280x720', seconds: '4' },
				{
					name: 'input_reference',
					bytes: makePng(1280, 720),
					type: 'image/png',
					filename: 'ref.png',
				},
			),
		);
		expect(res.status).toBe(200);
		expect(res.body.size).toBe('1280x720');
	});

	test('real JPEG and WebP files are parsed for their pixel size', async () => {
		const jpeg = readFileSync(join(__dirname, '../fixtures/spritesheet.jpg'));
		const webp = readFileSync(join(__dirname, '../fixtures/thumbnail.webp'));
		expect(imageInfo(jpeg)).toEqual({ type: 'jpeg', width: 320, height: 90 });
		expect(imageInfo(webp)).toEqual({ type: 'webp', width: 320, height: 180 });
		const ok = await post(
			form(
				{ prompt: 'p', model: 'wan', size: '320x90' },
				{ name: 'input_reference', bytes: jpeg, type: 'image/jpeg', filename: 'a.jpg' },
			),
		);
		expect(ok.status).toBe(200);
		const ok2 = await post(
			form(
				{ prompt: 'p', model: 'wan', size: '320x180' },
				{ name: 'input_reference', bytes: webp, type: 'image/webp', filename: 'a.webp' },
			),
		);
		expect(ok2.status).toBe(200);
	});

	test('size mismatch: "Inpaint image must match the requested width and height"', async () => {
		const res = await post(
			form(
				{ prompt: 'p' },
				{
					name: 'input_reference',
					bytes: makePng(1280, 720),
					type: 'image/png',
					filename: 'ref.png',
				},
			),
		);
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({
			param: 'input_reference',
			message: 'Inpaint image must match the requested width and height',
		});
	});

	const notAFile = "Invalid type for 'input_reference': expected a file, but got a string instead.";
	test('a part without filename, without an image type, or a text field is invalid_type', async () => {
		const png = makePng(720, 1280);
		const bodies = [
			form(
				{ prompt: 'p' },
				{
					name: 'input_reference',
					bytes: png,
					type: 'application/octet-stream',
					filename: 'ref.png',
				},
			),
			form({ prompt: 'p', input_reference: 'https://example.com/a.png' }),
		];
		// FormData gives a Blob without a name the filename "blob"; build a truly nameless part by hand.
		const boundary = 'xyzBOUNDARY';
		const raw = Buffer.concat([
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\np\r\n--${boundary}\r\nContent-Disposition: form-data; name="input_reference"\r\nContent-Type: image/png\r\n\r\n`,
			),
			png,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		const nameless = await t.json('/videos', {
			method: 'POST',
			body: raw,
			headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
		});
		expect(nameless.status).toBe(400);
		expect(nameless.body.error).toMatchObject({
			code: 'invalid_type',
			param: 'input_reference',
			message: notAFile,
		});
		for (const body of bodies) {
			const res = await post(body);
			expect(res.status).toBe(400);
			expect(res.body.error).toMatchObject({
				code: 'invalid_type',
				param: 'input_reference',
				message: notAFile,
			});
		}
	});

	test('bytes that are no image are rejected even with an image type', async () => {
		const res = await post(
			form(
				{ prompt: 'p' },
				{
					name: 'input_reference',
					bytes: Buffer.from('not an image at all'),
					type: 'image/png',
					filename: 'x.png',
				},
			),
		);
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_image_format');
	});

	test('input_reference[image_url] in multipart (how openai-node flattens the object form)', async () => {
		const res = await post(
			form({ prompt: 'p', 'input_reference[image_url]': 'https://example.com/a.png' }),
		);
		expect(res.status).toBe(200);
	});

	test('multipart seconds outside the set is invalid_value', async () => {
		const res = await post(form({ prompt: 'p', seconds: '5' }));
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_value');
	});
});

describe('list', () => {
	let ids: string[];
	let listing: TestServer;
	beforeAll(async () => {
		listing = await startTestServer({ validateResponses: true });
		ids = [];
		for (let i = 0; i < 5; i++) {
			ids.push(
				(await listing.json('/videos', { method: 'POST', json: { prompt: `clip ${i}` } })).body.id,
			);
			listing.clock.advance(1000);
		}
	});

	test('desc by default, cursor pages with has_more, then asc', async () => {
		const first = await listing.json('/videos?limit=2');
		expect(first.body).toMatchObject({
			object: 'list',
			first_id: ids[4],
			last_id: ids[3],
			has_more: true,
		});
		const second = await listing.json(`/videos?limit=2&after=${first.body.last_id}`);
		expect(second.body.data.map((v: any) => v.id)).toEqual([ids[2], ids[1]]);
		const last = await listing.json(`/videos?limit=2&after=${second.body.last_id}`);
		expect(last.body).toMatchObject({ first_id: ids[0], last_id: ids[0], has_more: false });
		const asc = await listing.json('/videos?order=asc&limit=100');
		expect(asc.body.data.map((v: any) => v.id)).toEqual(ids);
		expect(listing.sim.schemaViolations()).toEqual([]);
	});

	test.each(['0', '101', 'abc', '2.5'])('limit=%s → 400', async (limit) => {
		const res = await listing.json(`/videos?limit=${limit}`);
		expect(res.status).toBe(400);
		expect(res.body.error.param).toBe('limit');
	});

	test('a bad order → 400', async () => {
		expect((await listing.json('/videos?order=newest')).body.error.param).toBe('order');
	});
});

describe('retrieve, delete, content, remix', () => {
	test('ids in the path are percent-decoded; unknown ids are 404', async () => {
		const video = await t.completedVideo();
		const encodedFirstChar = `%${video.id.charCodeAt(0).toString(16)}${video.id.slice(1)}`;
		expect((await t.json(`/videos/${encodedFirstChar}`)).body.id).toBe(video.id);
		const missing = await t.json('/videos/video_nope');
		expect(missing.status).toBe(404);
		expect(missing.body.error.type).toBe('invalid_request_error');
	});

	test('content: 404 before completion, then the real MP4, WebP and JPEG with their types and lengths', async () => {
		const { body: video } = await t.json('/videos', { method: 'POST', json: { prompt: 'p' } });
		const early = await t.json(`/videos/${video.id}/content`);
		expect(early.status).toBe(404);
		expect(early.body.error.message).toMatch(/not ready/);
		t.clock.advance(10000);
		const expectations: Array<[string, string, string]> = [
			['', 'video/mp4', 'video'],
			['?variant=video', 'video/mp4', 'video'],
			['?variant=thumbnail', 'image/webp', 'thumbnail'],
			['?variant=spritesheet', 'image/jpeg', 'spritesheet'],
		];
		for (const [query, type, variant] of expectations) {
			const res = await t.call(`/videos/${video.id}/content${query}`);
			const bytes = Buffer.from(await res.arrayBuffer());
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe(type);
			expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
			expect(sha256(bytes)).toBe(await t.sim.expectedSha256(video.id, variant as any));
		}
		const mp4 = Buffer.from(await (await t.call(`/videos/${video.id}/content`)).arrayBuffer());
		expect(mp4.toString('ascii', 4, 8)).toBe('ftyp');
		// Each job's MP4 ends with a top-level free box carrying its id, so downloads are distinguishable.
		expect(mp4.subarray(mp4.length - video.id.length).toString()).toBe(video.id);
		expect(
			mp4.toString('ascii', mp4.length - video.id.length - 4, mp4.length - video.id.length),
		).toBe('free');
	});

	test('content: a bad variant is 400; expired assets are an error', async () => {
		const video = await t.completedVideo();
		expect((await t.json(`/videos/${video.id}/content?variant=poster`)).body.error.param).toBe(
			'variant',
		);
		t.clock.advance(3600 * 1000);
		const expired = await t.json(`/videos/${video.id}/content`);
		expect(expired.status).toBe(404);
		expect(expired.body.error.message).toMatch(/expired/);
	});

	test('delete: refused while running; afterwards the video is gone everywhere', async () => {
		const { body: video } = await t.json('/videos', { method: 'POST', json: { prompt: 'p' } });
		const early = await t.json(`/videos/${video.id}`, { method: 'DELETE' });
		expect(early.status).toBe(400);
		t.clock.advance(10000);
		const res = await t.json(`/videos/${video.id}`, { method: 'DELETE' });
		expect(res.body).toEqual({ id: video.id, object: 'video.deleted', deleted: true });
		expect((await t.json(`/videos/${video.id}`)).status).toBe(404);
		expect((await t.json(`/videos/${video.id}/content`)).status).toBe(404);
		const list = await t.json('/videos?limit=100');
		expect(list.body.data.map((v: any) => v.id)).not.toContain(video.id);
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

	test('retrieve carries openai-poll-after-ms only when configured', async () => {
		const video = await t.completedVideo();
		expect((await t.json(`/videos/${video.id}`)).headers.get('openai-poll-after-ms')).toBeNull();
		t.sim.configure({ pollAfterMs: 2500 });
		expect((await t.json(`/videos/${video.id}`)).headers.get('openai-poll-after-ms')).toBe('2500');
		t.sim.configure({ pollAfterMs: null });
	});
});

describe('request log', () => {
	test('entries carry route, status, request id and redacted secrets; count() per route', async () => {
		const before = t.sim.count('GET /videos/{id}');
		const res = await t.call('/videos/video_nope', {
			headers: { 'x-custom-api-key': 'sk-other', 'openai-project': 'proj_1' },
		});
		expect(t.sim.count('GET /videos/{id}')).toBe(before + 1);
		const entry = t.sim.log().find((e) => e.requestId === res.headers.get('x-request-id'));
		expect(entry).toMatchObject({
			origin: 'api',
			method: 'GET',
			path: '/v1/videos/video_nope',
			route: 'GET /videos/{id}',
			status: 404,
			fault: null,
		});
		expect(entry?.headers).toMatchObject({
			authorization: '[redacted]',
			'x-custom-api-key': '[redacted]',
			'openai-project': 'proj_1',
		});
		const lines = readFileSync(logFile, 'utf8').trim().split('\n');
		expect(lines.length).toBe(t.sim.log().length);
		expect(readFileSync(logFile, 'utf8')).not.toContain(t.sim.apiKey);
		expect(JSON.stringify(t.sim.log())).not.toContain(t.sim.apiKey);
	});
});

describe('response schemas', () => {
	test('the schema module flags a Video that breaks the contract', () => {
		expect(schemaErrors('VideoResource', { id: 'x', object: 'video', seconds: 8 })).toMatch(
			/must have required property|must be string/,
		);
	});

	test('the whole run above produced zero response-schema violations', () => {
		expect(t.sim.count('POST /videos')).toBeGreaterThan(20);
		expect(t.sim.schemaViolations()).toEqual([]);
	});
});
