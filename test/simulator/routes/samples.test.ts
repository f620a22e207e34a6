/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { inflateSync } from 'node:zlib';
import { imageInfo } from '../../../simulator';
import { form, startTestServer, stopAll, type TestServer } from '../helpers';

// The sample reference images (simulator/routes/samples.ts, simulator/samples.ts): an index and
// one PNG per size the profile takes, fetched without a key, as n8n's HTTP Request node would.

afterAll(stopAll);

const OPENAI_SIZES = ['720x1280', '1280x720', '1024x1792', '1792x1024', '1080x1920', '1920x1080'];

/** A GET without any key. */
async function fetchWithoutKey(url: string): Promise<{ res: Response; bytes: Buffer }> {
	const res = await fetch(url);
	return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The RGB rows of a PNG the simulator wrote (one IDAT chunk). */
function pngRows(png: Buffer): Buffer {
	const idatLength = png.readUInt32BE(33);
	expect(png.toString('ascii', 37, 41)).toBe('IDAT');
	return inflateSync(png.subarray(41, 41 + idatLength));
}

async function index(t: TestServer): Promise<Array<{ name: string; size: string; url: string }>> {
	const { res, bytes } = await fetchWithoutKey(`${t.sim.baseUrl}/samples`);
	expect(res.status).toBe(200);
	return JSON.parse(bytes.toString()).data;
}

test('the index lists a PNG for each size OpenAI takes, under the Base URL, without a key', async () => {
	const t = await startTestServer();
	const samples = await index(t);
	expect(samples.map((sample) => sample.size)).toEqual(OPENAI_SIZES);
	expect(samples[0]).toEqual({
		name: 'reference-720x1280.png',
		size: '720x1280',
		content_type: 'image/png',
		url: `${t.sim.baseUrl}/samples/reference-720x1280.png`,
	});
	expect(t.sim.log().at(-1)).toMatchObject({ route: 'GET /samples', status: 200 });
});

test('each sample is a whole PNG of its size, named for a download', async () => {
	const t = await startTestServer();
	for (const sample of await index(t)) {
		const { res, bytes } = await fetchWithoutKey(sample.url);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(res.headers.get('content-disposition')).toBe(`inline; filename="${sample.name}"`);
		const [width, height] = sample.size.split('x').map(Number);
		expect(imageInfo(bytes)).toEqual({ type: 'png', width, height });
		expect(pngRows(bytes).length).toBe(height * (1 + width * 3));
	}
	expect(t.sim.count('GET /samples/{id}')).toBe(OPENAI_SIZES.length);
});

test('a sample is a reference image the create route takes at its size', async () => {
	const t = await startTestServer();
	const { bytes } = await fetchWithoutKey(`${t.sim.baseUrl}/samples/reference-720x1280.png`);
	const create = (size: string) =>
		t.json('/videos', {
			method: 'POST',
			body: form(
				{ prompt: 'the bars come alive', model: 'sora-2', size },
				{ name: 'input_reference', bytes, type: 'image/png', filename: 'reference.png' },
			),
		});
	const created = await create('720x1280');
	expect(created.status).toBe(200);
	expect(t.sim.referenceOf(created.body.id)).toEqual({ kind: 'file', field: 'input_reference' });
	// The point of a sample per size: OpenAI refuses a reference of other pixels.
	expect((await create('1280x720')).status).toBe(400);
});

test('a name that is no sample, or a size the profile does not take, is a 404 that points to the index', async () => {
	const t = await startTestServer();
	for (const name of ['reference-640x480.png', 'reference-720x1280.jpg', 'anything']) {
		const { res, bytes } = await fetchWithoutKey(`${t.sim.baseUrl}/samples/${name}`);
		expect(res.status).toBe(404);
		expect(JSON.parse(bytes.toString()).error.message).toBe(
			`No sample '${name}' here: GET ${t.sim.baseUrl}/samples lists them.`,
		);
	}
});

test('samples are never faulted and leave the fault sequence of the API alone', async () => {
	const t = await startTestServer({ faultRate: 1, faultKinds: ['500'], maxConsecutiveFaults: 1 });
	const { res } = await fetchWithoutKey(`${t.sim.baseUrl}/samples/reference-1280x720.png`);
	expect(res.status).toBe(200);
	expect((await t.call('/models')).status).toBe(500);
	expect(t.sim.log().map((entry) => entry.fault)).toEqual([null, '500']);
});

test("OpenRouter: under /api/v1, a sample for each size of its catalog's models", async () => {
	const t = await startTestServer({ profile: 'openrouter' });
	expect(t.sim.baseUrl).toMatch(/\/api\/v1$/);
	const sizes = (await index(t)).map((sample) => sample.size);
	// Veo 3.1's 720p/1080p at 16:9 and 9:16, Sora 2 Pro's sizes, Wan 2.6's 480p to 1080p at five ratios.
	expect(sizes).toEqual(
		expect.arrayContaining([
			'1280x720',
			'1080x1920',
			'1792x1024',
			'854x480',
			'480x480',
			'1440x1080',
		]),
	);
	expect(new Set(sizes).size).toBe(sizes.length);
	const { res, bytes } = await fetchWithoutKey(`${t.sim.baseUrl}/samples/reference-854x480.png`);
	expect(res.status).toBe(200);
	expect(imageInfo(bytes)).toEqual({ type: 'png', width: 854, height: 480 });
	// Outside its Base URL there are none (with the key: without one, any unknown path is a 401).
	expect((await t.call(`${new URL(t.sim.baseUrl).origin}/v1/samples`)).status).toBe(404);
});
