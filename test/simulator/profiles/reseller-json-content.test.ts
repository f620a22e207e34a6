import { sha256, startTestServer, stopAll } from '../helpers';

// A reseller whose /content answers JSON (simulator/profiles/reseller-json-content.ts).

afterAll(stopAll);

test('sora-2:task_ ids; /content answers JSON whose url serves the MP4 without auth', async () => {
	const t = await startTestServer({ profile: 'reseller-json-content' });
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
