import { startTestServer, stopAll, type JsonBody } from './helpers';

// The transport (simulator/server.ts): what a client sees when the connection drops after a create.

afterAll(stopAll);

test('dropCreateConnection: the job exists but the client gets no answer', async () => {
	const t = await startTestServer({ dropCreateConnection: true });
	await expect(
		t.call('/videos', { method: 'POST', json: { prompt: 'ambiguous' } }),
	).rejects.toThrow();
	const entry = t.sim.log().at(-1);
	expect(entry).toMatchObject({ route: 'POST /videos', status: null, fault: 'drop' });
	t.sim.configure({ dropCreateConnection: false });
	const list = await t.json('/videos');
	expect(list.body.data.map((v: JsonBody) => v.id)).toEqual([entry?.videoId]);
	expect(list.body.data[0].prompt).toBe('ambiguous');
});
