import {
	startTestServer,
	testResponseSchemas,
	type TestServer,
	useValidatedServer,
	type JsonBody,
} from '../helpers';

// GET /models, GET /videos/{id} and GET /videos (simulator/routes/read.ts).

const t = useValidatedServer();

test('GET /models lists the Sora models', async () => {
	const res = await t.json('/models');
	expect(res.status).toBe(200);
	expect(res.body.object).toBe('list');
	expect(res.body.data.map((m: JsonBody) => m.id)).toEqual(
		expect.arrayContaining(['sora-2', 'sora-2-pro']),
	);
});

test('retrieve carries openai-poll-after-ms only when configured', async () => {
	const video = await t.completedVideo();
	expect((await t.json(`/videos/${video.id}`)).headers.get('openai-poll-after-ms')).toBeNull();
	t.sim.configure({ pollAfterMs: 2500 });
	expect((await t.json(`/videos/${video.id}`)).headers.get('openai-poll-after-ms')).toBe('2500');
	t.sim.configure({ pollAfterMs: null });
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
		expect(second.body.data.map((v: JsonBody) => v.id)).toEqual([ids[2], ids[1]]);
		const last = await listing.json(`/videos?limit=2&after=${second.body.last_id}`);
		expect(last.body).toMatchObject({ first_id: ids[0], last_id: ids[0], has_more: false });
		const asc = await listing.json('/videos?order=asc&limit=100');
		expect(asc.body.data.map((v: JsonBody) => v.id)).toEqual(ids);
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

testResponseSchemas(t);
