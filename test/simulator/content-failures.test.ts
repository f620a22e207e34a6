import { createHash } from 'node:crypto';
import { startTestServer, stopAll, type TestServer } from './helpers';

// contentFailures: /content of a completed job fails (404) a set number of times, so a client's
// retry-then-fall-back-to-the-job's-URL path (docs/protocol.md rule 30) can be tested.

afterAll(stopAll);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

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
