import { createHash } from 'node:crypto';
import type { FaultKind } from '../../simulator';
import { rawGet, startTestServer, stopAll, type TestServer } from './helpers';

// Faults and flavours: every fault kind, their determinism and transience, drop-create,
// the content redirect to a second origin, retired models and MP4 padding.

afterAll(stopAll);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const auth = (t: TestServer) => ({ authorization: `Bearer ${t.sim.apiKey}` });

/** The top-level MP4 boxes (32-bit sizes), checking that they tile the file exactly. */
function topLevelBoxes(bytes: Buffer): Array<{ type: string; offset: number }> {
	const boxes: Array<{ type: string; offset: number }> = [];
	for (let offset = 0; offset < bytes.length; offset += bytes.readUInt32BE(offset)) {
		boxes.push({ type: bytes.toString('ascii', offset + 4, offset + 8), offset });
		expect(offset + bytes.readUInt32BE(offset)).toBeLessThanOrEqual(bytes.length);
	}
	return boxes;
}

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
		const res = await rawGet(`${t.sim.baseUrl}/videos/${id}`, auth(t));
		expect(res).toMatchObject({ status: null, outcome: 'error' });
		expect(t.sim.log().at(-1)).toMatchObject({
			route: 'GET /videos/{id}',
			status: null,
			fault: 'reset',
		});
		expect((await rawGet(`${t.sim.baseUrl}/videos/${id}`, auth(t))).status).toBe(200);
	});

	test('truncate: full Content-Length, then the connection closes after part of the body', async () => {
		const { t, id } = await faultyServer('truncate');
		const res = await rawGet(`${t.sim.baseUrl}/videos/${id}/content`, auth(t));
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
		const full = await rawGet(`${t.sim.baseUrl}/videos/${id}/content`, auth(t));
		expect([full.outcome, full.body.length]).toEqual(['complete', announced]);
	});

	test('stall: headers and part of the body, then silence (the client gives up)', async () => {
		const { t, id } = await faultyServer('stall');
		const res = await rawGet(`${t.sim.baseUrl}/videos/${id}`, auth(t), (length) =>
			Math.floor(length / 2),
		);
		expect(res.status).toBe(200);
		expect(res.outcome).toBe('aborted'); // we closed it: nothing more was coming
		expect(Number(res.headers['content-length'])).toBeGreaterThan(res.body.length);
		expect(t.sim.log().at(-1)?.fault).toBe('stall');
	});

	test('stop() ends a stalled response (no dangling sockets or timers)', async () => {
		const { t, id } = await faultyServer('stall');
		const pending = rawGet(`${t.sim.baseUrl}/videos/${id}/content`, auth(t));
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

describe('drop-create, retired, redirect, padding', () => {
	test('dropCreateConnection: the job exists but the client gets no answer', async () => {
		const t = await startTestServer({ dropCreateConnection: true });
		await expect(
			t.call('/videos', { method: 'POST', json: { prompt: 'ambiguous' } }),
		).rejects.toThrow();
		const entry = t.sim.log().at(-1);
		expect(entry).toMatchObject({ route: 'POST /videos', status: null, fault: 'drop' });
		t.sim.configure({ dropCreateConnection: false });
		const list = await t.json('/videos');
		expect(list.body.data.map((v: any) => v.id)).toEqual([entry?.videoId]);
		expect(list.body.data[0].prompt).toBe('ambiguous');
	});

	test("retired '404': model_not_found naming the model; '410': Gone", async () => {
		const t = await startTestServer({ retired: '404' });
		const gone = await t.json('/videos', {
			method: 'POST',
			json: { prompt: 'p', model: 'sora-2' },
		});
		expect(gone.status).toBe(404);
		expect(gone.body.error).toEqual({
			code: 'model_not_found',
			type: 'invalid_request_error',
			param: null,
			message: "The model 'sora-2' does not exist or you do not have access to it.",
		});
		t.sim.configure({ retired: '410' });
		expect((await t.json('/videos', { method: 'POST', json: { prompt: 'p' } })).status).toBe(410);
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

	test('videoBytes pads the MP4 to an exact size with a valid free box', async () => {
		const size = 3 * 1024 * 1024 + 17;
		const t = await startTestServer({ videoBytes: size });
		const video = await t.completedVideo();
		const bytes = Buffer.from(await (await t.call(`/videos/${video.id}/content`)).arrayBuffer());
		expect(bytes.length).toBe(size);
		expect(sha256(bytes)).toBe(await t.sim.expectedSha256(video.id));
		const types = topLevelBoxes(bytes).map((box) => box.type);
		expect(types[0]).toBe('ftyp');
		expect(types).toContain('moov');
		expect(types.at(-1)).toBe('free');
		// The thumbnail is not padded.
		const thumbnail = async () =>
			Buffer.from(
				await (await t.call(`/videos/${video.id}/content?variant=thumbnail`)).arrayBuffer(),
			);
		const padded = await thumbnail();
		t.sim.configure({ videoBytes: null });
		expect(padded.equals(await thumbnail())).toBe(true);
	});

	test('past 4 GiB the free box uses a 64-bit largesize header (streamed, read only the start)', async () => {
		const t = await startTestServer();
		const video = await t.completedVideo();
		const bare = Buffer.from(await (await t.call(`/videos/${video.id}/content`)).arrayBuffer());
		// The job's own box is the last one (ffmpeg writes an empty 'free' box of its own after 'ftyp').
		const rendered = topLevelBoxes(bare).at(-1)!.offset;
		const size = 2 ** 32 + rendered + 100;
		t.sim.configure({ videoBytes: size });
		const res = await rawGet(`${t.sim.baseUrl}/videos/${video.id}/content`, auth(t), rendered + 16);
		expect(Number(res.headers['content-length'])).toBe(size);
		expect(res.body.subarray(0, rendered).equals(bare.subarray(0, rendered))).toBe(true);
		const header = res.body.subarray(rendered, rendered + 16);
		expect(header.readUInt32BE(0)).toBe(1);
		expect(header.toString('ascii', 4, 8)).toBe('free');
		expect(Number(header.readBigUInt64BE(8))).toBe(size - rendered);
	});

	test('a videoBytes too small for the render is refused at /content, saying which sizes fit', async () => {
		const t = await startTestServer({ videoBytes: 1000 });
		const video = await t.completedVideo();
		const res = await t.call(`/videos/${video.id}/content`);
		expect(res.status).toBe(500);
		expect(await res.text()).toMatch(
			/videoBytes 1000 cannot hold this job's MP4: it must be \d+ \(the bare render\) or at least \d+/,
		);
		await expect(t.sim.expectedSha256(video.id)).rejects.toThrow(/videoBytes 1000/);
		expect(() => t.sim.configure({ videoBytes: 0 })).toThrow(/videoBytes/);
		expect(() => t.sim.configure({ faultRate: 2 })).toThrow(/faultRate/);
	});
});
