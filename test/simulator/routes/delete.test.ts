import { testResponseSchemas, useValidatedServer, type JsonBody } from '../helpers';

// DELETE /videos/{id} (simulator/routes/delete.ts), on the openai profile.

const t = useValidatedServer();

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
	expect(list.body.data.map((v: JsonBody) => v.id)).not.toContain(video.id);
});

testResponseSchemas(t);
