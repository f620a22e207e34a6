import { testResponseSchemas, useValidatedServer } from '../helpers';

// Which paths are routes (simulator/routes/paths.ts): the API lives under /v1 only.

const t = useValidatedServer();

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

test('POST /videos/edits is a route of its own, while GET /videos/edits reads a job called "edits"', async () => {
	const get = await t.json('/videos/edits');
	expect([get.status, get.body.error.message]).toEqual([404, "Video with id 'edits' not found."]);
	expect(t.sim.log().at(-1)?.route).toBe('GET /videos/{id}');
	await t.json('/videos/edits', { method: 'POST', json: { prompt: 'p' } });
	expect(t.sim.log().at(-1)?.route).toBe('POST /videos/edits');
	await t.json('/videos/characters/char_1');
	expect(t.sim.log().at(-1)?.route).toBe('GET /videos/characters/{id}');
});

testResponseSchemas(t);
