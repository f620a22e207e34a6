/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node tooling, not published (DEVELOPERS.md) */
import type { FaultKind } from '../../simulator';
import { authHeaders, rawGet, startTestServer, stopAll, type TestServer } from './helpers';

// Faults (simulator/faults.ts): every fault kind, and a plan that is seeded and never stubborn.

afterAll(stopAll);

/** A completed video on a server that faults every read with `kind`, at most once in a row. */
async function faultyServer(kind: FaultKind): Promise<{ t: TestServer; id: string }> {
	const t = await startTestServer();
	const video = await t.completedVideo();
	t.sim.configure({ faultRate: 1, faultKinds: [kind], maxConsecutiveFaults: 1 });
	return { t, id: video.id };
}

describe('fault kinds (each transient: the next identical read succeeds)', () => {
	test('429 with Retry-After and retry-after-ms, OpenAI rate_limit_exceeded envelope', async () => {
		const { t, id } = await faultyServer('429');
		const res = await t.json(`/videos/${id}`);
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('1');
		expect(res.headers.get('retry-after-ms')).toBe('1000');
		expect(res.body.error).toMatchObject({ code: 'rate_limit_exceeded', param: null });
		expect((await t.json(`/videos/${id}`)).status).toBe(200);
		expect(t.sim.log().map((e) => e.fault)).toEqual([null, '429', null]);
	});

	test.each(['500', '503'] as const)('%s with an OpenAI server_error envelope', async (kind) => {
		const { t, id } = await faultyServer(kind);
		const res = await t.json(`/videos/${id}/content`);
		expect(res.status).toBe(Number(kind));
		expect(res.body.error).toMatchObject({ type: 'server_error', param: null, code: null });
		expect((await t.call(`/videos/${id}/content`)).status).toBe(200);
	});

	test('502 as a proxy HTML page', async () => {
		const { t, id } = await faultyServer('502');
		const res = await t.call(`/videos?limit=1`);
		expect(res.status).toBe(502);
		expect(res.headers.get('content-type')).toBe('text/html');
		expect(await res.text()).toContain('<h1>502 Bad Gateway</h1>');
		expect((await t.call(`/videos?limit=1`)).status).toBe(200);
		expect((await t.json(`/videos/${id}`)).status).toBe(502);
	});

	test('reset: the socket is destroyed before any answer', async () => {
		const { t, id } = await faultyServer('reset');
		const res = await rawGet(`${t.sim.baseUrl}/videos/${id}`, authHeaders(t));
		expect(res).toMatchObject({ status: null, outcome: 'error' });
		expect(t.sim.log().at(-1)).toMatchObject({
			route: 'GET /videos/{id}',
			status: null,
			fault: 'reset',
		});
		expect((await rawGet(`${t.sim.baseUrl}/videos/${id}`, authHeaders(t))).status).toBe(200);
	});

	test('truncate: full Content-Length, then the connection closes after part of the body', async () => {
		const { t, id } = await faultyServer('truncate');
		const res = await rawGet(`${t.sim.baseUrl}/videos/${id}/content`, authHeaders(t));
		const announced = Number(res.headers['content-length']);
		expect(res.status).toBe(200);
		expect(res.outcome).toBe('aborted');
		expect(res.body.length).toBe(Math.floor(announced / 2));
		const entry = t.sim.log().at(-1);
		expect(entry).toMatchObject({
			fault: 'truncate',
			status: 200,
			bytesSent: res.body.length,
			videoId: id,
		});
		const full = await rawGet(`${t.sim.baseUrl}/videos/${id}/content`, authHeaders(t));
		expect([full.outcome, full.body.length]).toEqual(['complete', announced]);
	});

	test('stall: headers and part of the body, then silence (the client gives up)', async () => {
		const { t, id } = await faultyServer('stall');
		const res = await rawGet(`${t.sim.baseUrl}/videos/${id}`, authHeaders(t), (length) =>
			Math.floor(length / 2),
		);
		expect(res.status).toBe(200);
		expect(res.outcome).toBe('aborted'); // we closed it: nothing more was coming
		expect(Number(res.headers['content-length'])).toBeGreaterThan(res.body.length);
		expect(t.sim.log().at(-1)?.fault).toBe('stall');
	});

	test('stop() ends a stalled response (no dangling sockets or timers)', async () => {
		const { t, id } = await faultyServer('stall');
		const pending = rawGet(`${t.sim.baseUrl}/videos/${id}/content`, authHeaders(t));
		while (
			!t.sim.log().some((e) => e.fault === 'stall') &&
			t.sim.count('GET /videos/{id}/content') === 0
		) {
			await new Promise((resolve) => setImmediate(resolve));
		}
		await t.sim.stop();
		const res = await pending;
		expect(res.outcome).toBe('aborted');
		expect(res.status).toBe(200);
	});
});

describe('fault plan', () => {
	async function faultSequence(seed: number): Promise<Array<string | null>> {
		const t = await startTestServer({
			faultRate: 0.5,
			faultSeed: seed,
			faultKinds: ['429', '500', '503'],
		});
		for (let i = 0; i < 40; i++) await t.call(`/videos/video_${i % 3}`);
		return t.sim.log().map((e) => e.fault);
	}

	test('the same seed gives the same faults for a sequential client; another seed differs', async () => {
		const a = await faultSequence(7);
		expect(await faultSequence(7)).toEqual(a);
		expect(await faultSequence(8)).not.toEqual(a);
		expect(a.filter(Boolean).length).toBeGreaterThan(5);
	});

	test('never more than maxConsecutiveFaults in a row for one method+path', async () => {
		const t = await startTestServer({ faultRate: 1, faultKinds: ['500'], maxConsecutiveFaults: 3 });
		const statuses: number[] = [];
		for (let i = 0; i < 8; i++) statuses.push((await t.call('/models')).status);
		expect(statuses).toEqual([500, 500, 500, 200, 500, 500, 500, 200]);
	});

	test('POST is never faulted', async () => {
		const t = await startTestServer({ faultRate: 1 });
		for (let i = 0; i < 5; i++)
			expect((await t.json('/videos', { method: 'POST', json: { prompt: 'p' } })).status).toBe(200);
	});
});
