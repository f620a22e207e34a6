import OpenAI, { toFile } from 'openai';
import { makePng } from '../../simulator';
import { sha256, startTestServer, stopAll, type TestServer } from './helpers';

// A client no one here wrote: the official openai npm SDK against the simulator, with request
// and response schema validation on.

let t: TestServer;
let client: OpenAI;

beforeAll(async () => {
	t = await startTestServer({ validateRequests: true, validateResponses: true });
	client = new OpenAI({ apiKey: t.sim.apiKey, baseURL: t.sim.baseUrl, maxRetries: 0 });
});
afterAll(stopAll);

test('create (multipart, no file) and retrieve through the lifecycle', async () => {
	const video = await client.videos.create({
		prompt: 'a paper boat on a river',
		model: 'sora-2',
		seconds: '8',
		size: '1280x720',
	});
	expect(video).toMatchObject({
		object: 'video',
		status: 'queued',
		seconds: '8',
		size: '1280x720',
	});
	t.clock.advance(10000);
	const done = await client.videos.retrieve(video.id);
	expect(done.status).toBe('completed');
	expect(done.progress).toBe(100);
	const entry = t.sim.log().find((e) => e.route === 'POST /videos');
	expect(entry?.headers['content-type']).toMatch(/^multipart\/form-data/);
});

test('create with a reference image file of the requested size', async () => {
	const file = await toFile(makePng(720, 1280), 'reference.png', { type: 'image/png' });
	const video = await client.videos.create({
		prompt: 'start from this frame',
		input_reference: file,
		size: '720x1280',
	});
	expect(video.status).toBe('queued');
	const wrong = await toFile(makePng(64, 64), 'small.png', { type: 'image/png' });
	await expect(client.videos.create({ prompt: 'p', input_reference: wrong })).rejects.toMatchObject(
		{
			status: 400,
			error: expect.objectContaining({
				message: 'Inpaint image must match the requested width and height',
			}),
		},
	);
});

test('SDK errors carry status, code, param and the request id', async () => {
	const err = await client.videos
		.create({ prompt: 'p', seconds: '10' as never })
		.catch((e: unknown) => e);
	expect(err).toBeInstanceOf(OpenAI.BadRequestError);
	expect(err).toMatchObject({ status: 400, code: 'invalid_value', param: 'seconds' });
	expect((err as InstanceType<typeof OpenAI.BadRequestError>).requestID).toMatch(/^req_/);
	await expect(client.videos.retrieve('video_missing')).rejects.toBeInstanceOf(
		OpenAI.NotFoundError,
	);
});

test('list auto-pagination walks every page', async () => {
	for (let i = 0; i < 5; i++) await client.videos.create({ prompt: `clip ${i}` });
	const ids: string[] = [];
	for await (const video of client.videos.list({ limit: 2 })) ids.push(video.id);
	const all = t.sim
		.log()
		.filter((e) => e.route === 'POST /videos' && e.status === 200)
		.map((e) => e.videoId);
	expect(ids.sort()).toEqual([...all].sort());
	expect(t.sim.count('GET /videos')).toBeGreaterThanOrEqual(Math.ceil(ids.length / 2));
});

test('remix, downloadContent for all three variants, delete', async () => {
	const source = await client.videos.create({ prompt: 'a snowy street' });
	t.clock.advance(10000);
	const remix = await client.videos.remix(source.id, { prompt: 'the same street in spring' });
	expect(remix.remixed_from_video_id).toBe(source.id);
	t.clock.advance(10000);
	const types = { video: 'video/mp4', thumbnail: 'image/webp', spritesheet: 'image/jpeg' } as const;
	for (const variant of ['video', 'thumbnail', 'spritesheet'] as const) {
		const response = await client.videos.downloadContent(remix.id, { variant });
		expect(response.headers.get('content-type')).toBe(types[variant]);
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(sha256(bytes)).toBe(await t.sim.expectedSha256(remix.id, variant));
	}
	const deleted = await client.videos.delete(remix.id);
	expect(deleted).toEqual({ id: remix.id, object: 'video.deleted', deleted: true });
});

test('zero response-schema violations over the SDK run', () => {
	expect(t.sim.schemaViolations()).toEqual([]);
});
