import {
	sha256,
	startTestServer,
	testResponseSchemas,
	type TestServer,
	useValidatedServer,
} from '../helpers';
import type { ContentVariant } from '../../../simulator';

// GET /videos/{id}/content (simulator/routes/content.ts): the bytes of each variant, when there
// are none, and the knobs that send them elsewhere (a redirect) or refuse them a while.

const t = useValidatedServer();

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
		expect(sha256(bytes)).toBe(await t.sim.expectedSha256(video.id, variant as ContentVariant));
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

test('contentRedirect: 302 to a second origin that serves the bytes without auth', async () => {
	const t = await startTestServer({ contentRedirect: true });
	const video = await t.completedVideo();
	for (const variant of ['video', 'thumbnail', 'spritesheet'] as const) {
		const res = await t.call(`/videos/${video.id}/content?variant=${variant}`);
		expect(res.status).toBe(302);
		const location = res.headers.get('location') ?? '';
		expect(new URL(location).port).not.toBe(new URL(t.sim.baseUrl).port);
		const file = await fetch(location);
		expect(file.status).toBe(200);
		expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(
			await t.sim.expectedSha256(video.id, variant),
		);
	}
	const files = t.sim.log().filter((e) => e.origin === 'files');
	expect(files).toHaveLength(3);
	for (const entry of files) {
		expect(entry.route).toBe('GET /files/{id}');
		expect(entry.headers.authorization).toBeUndefined();
		expect(entry.headers['api-key']).toBeUndefined();
	}
	const location = (await t.call(`/videos/${video.id}/content`)).headers.get('location') ?? '';
	expect((await fetch(location.replace(/sig=[0-9a-f]+/, 'sig=forged'))).status).toBe(404);
});

// contentFailures: /content of a completed job fails (404) a set number of times, so a client's
// retry-then-fall-back-to-the-job's-URL path (docs/protocol.md rule 30) can be tested.

async function status(t: TestServer, path: string): Promise<number> {
	const res = await t.call(path);
	await res.arrayBuffer();
	return res.status;
}

test('the first n /content requests of each completed job are 404 "not ready"; then the bytes', async () => {
	const t = await startTestServer({ contentFailures: 2, validateResponses: true });
	const { body: video } = await t.json('/videos', { method: 'POST', json: { prompt: 'p' } });
	// Before completion the ordinary not-ready answer, which does not use up a failure.
	expect(await status(t, `/videos/${video.id}/content`)).toBe(404);
	t.clock.advance(10000);
	expect((await t.json(`/videos/${video.id}`)).body.status).toBe('completed');
	for (let i = 0; i < 2; i++) {
		const refused = await t.json(`/videos/${video.id}/content`);
		expect(refused.status).toBe(404);
		expect(refused.body.error).toEqual({
			message: 'Video is not ready yet, use GET /v1/videos/{video_id} to check its status.',
			type: 'invalid_request_error',
			param: null,
			code: null,
		});
	}
	const served = await t.call(`/videos/${video.id}/content`);
	expect(served.status).toBe(200);
	expect(sha256(Buffer.from(await served.arrayBuffer()))).toBe(
		await t.sim.expectedSha256(video.id),
	);
	// Counted per job: another job gets its own two failures.
	const other = await t.completedVideo();
	expect(await status(t, `/videos/${other.id}/content?variant=thumbnail`)).toBe(404);
	expect(await status(t, `/videos/${other.id}/content`)).toBe(404);
	expect(await status(t, `/videos/${other.id}/content`)).toBe(200);
	expect(t.sim.schemaViolations()).toEqual([]);
});

test('-1 fails every /content request; 0 (the default) none', async () => {
	const t = await startTestServer({ contentFailures: -1 });
	const video = await t.completedVideo();
	for (let i = 0; i < 5; i++) expect(await status(t, `/videos/${video.id}/content`)).toBe(404);
	t.sim.configure({ contentFailures: 0 });
	expect(await status(t, `/videos/${video.id}/content`)).toBe(200);
	expect(() => t.sim.configure({ contentFailures: -2 })).toThrow(/contentFailures/);
	expect(() => t.sim.configure({ contentFailures: 1.5 })).toThrow(/contentFailures/);
});

test("newapi: /content fails with new-api's envelope while metadata.url still serves the MP4", async () => {
	const t = await startTestServer({ profile: 'newapi', contentFailures: -1 });
	const video = await t.completedVideo();
	const refused = await t.json(`/videos/${video.id}/content`);
	expect([refused.status, refused.body.error.param, refused.body.error.code]).toEqual([
		404,
		'',
		'',
	]);
	const { body: polled } = await t.json(`/videos/${video.id}`);
	const file = await fetch(polled.metadata.url);
	expect(file.status).toBe(200);
	expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(await t.sim.expectedSha256(video.id));
});

test("bifrost: /content fails with Bifrost's error JSON while videos[0].url still serves the MP4", async () => {
	const t = await startTestServer({ profile: 'bifrost', contentFailures: 1 });
	const video = await t.completedVideo({ model: 'openai/sora-2' });
	const id = encodeURIComponent(video.id);
	const refused = await t.json(`/videos/${id}/content`);
	expect([refused.status, refused.body.is_bifrost_error]).toEqual([404, true]);
	const { body: polled } = await t.json(`/videos/${id}`);
	const file = await fetch(polled.videos[0].url);
	expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(await t.sim.expectedSha256(video.id));
	expect(await status(t, `/videos/${id}/content`)).toBe(200);
});

test('reseller-json-content: the JSON /content answer is refused the same way', async () => {
	const t = await startTestServer({ profile: 'reseller-json-content', contentFailures: 1 });
	const video = await t.completedVideo();
	const id = encodeURIComponent(video.id);
	expect(await status(t, `/videos/${id}/content`)).toBe(404);
	const content = await t.json(`/videos/${id}/content`);
	expect(content.status).toBe(200);
	expect((await fetch(content.body.url)).status).toBe(200);
});

testResponseSchemas(t);
