import { testResponseSchemas, useValidatedServer } from '../helpers';

// The dispatcher (simulator/routes/index.ts): how the id in a path finds its job.

const t = useValidatedServer();

test('ids in the path are percent-decoded; unknown ids are 404', async () => {
	const video = await t.completedVideo();
	const encodedFirstChar = `%${video.id.charCodeAt(0).toString(16)}${video.id.slice(1)}`;
	expect((await t.json(`/videos/${encodedFirstChar}`)).body.id).toBe(video.id);
	const missing = await t.json('/videos/video_nope');
	expect(missing.status).toBe(404);
	expect(missing.body.error.type).toBe('invalid_request_error');
});

testResponseSchemas(t);
