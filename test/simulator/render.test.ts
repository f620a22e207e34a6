/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageInfo } from '../../simulator';
import { probeVideo } from '../../support/ffprobe';
import { startTestServer, stopAll, type TestServer } from './helpers';

// The content of a job matches the job: an MP4 that decodes (ffprobe, from its npm package) with
// the requested width, height and duration, and a thumbnail and spritesheet of the same size.

const dir = mkdtempSync(join(tmpdir(), 'sora-sim-renders-'));
let t: TestServer;

beforeAll(async () => {
	t = await startTestServer();
});
afterAll(async () => {
	await stopAll();
	rmSync(dir, { recursive: true, force: true });
});

const download = async (id: string, variant: string) =>
	Buffer.from(await (await t.call(`/videos/${id}/content?variant=${variant}`)).arrayBuffer());

describe.each([
	{
		shape: 'portrait, sora-2',
		fields: { model: 'sora-2', size: '720x1280', seconds: '4' },
		width: 720,
		height: 1280,
		seconds: 4,
	},
	{
		shape: 'landscape, sora-2-pro',
		fields: { model: 'sora-2-pro', size: '1792x1024', seconds: '8' },
		width: 1792,
		height: 1024,
		seconds: 8,
	},
	{
		shape: 'a gateway model with its own size and length',
		fields: { model: 'veo-3.1', size: '1920x1080', seconds: '5' },
		width: 1920,
		height: 1080,
		seconds: 5,
	},
	{
		shape: 'no size or seconds: the defaults 720x1280 and 4 s',
		fields: {},
		width: 720,
		height: 1280,
		seconds: 4,
	},
])('$shape', ({ fields, width, height, seconds }) => {
	let id: string;
	beforeAll(async () => {
		id = (await t.completedVideo({ prompt: 'A lighthouse at dawn, waves below', ...fields })).id;
	});

	test(`the MP4 decodes as H.264 yuv420p, ${width}x${height}, ${seconds} s at 24 frames a second, index first`, async () => {
		const mp4 = await download(id, 'video');
		const file = join(dir, `${id}.mp4`);
		writeFileSync(file, mp4);
		expect(probeVideo(file)).toMatchObject({
			codec: 'h264',
			pixelFormat: 'yuv420p',
			width,
			height,
			duration: seconds,
			frames: seconds * 24,
		});
		// faststart: the moov box comes before the media data, so a browser can play while downloading.
		expect(mp4.indexOf('moov')).toBeLessThan(mp4.indexOf('mdat'));
	});

	test("the thumbnail (WebP) and the spritesheet (JPEG) have the video's size", async () => {
		expect(imageInfo(await download(id, 'thumbnail'))).toEqual({ type: 'webp', width, height });
		expect(imageInfo(await download(id, 'spritesheet'))).toEqual({ type: 'jpeg', width, height });
	});
});

test('an odd size is rendered one pixel smaller on that side (H.264 in 4:2:0 needs even sides)', async () => {
	const { id } = await t.completedVideo({ model: 'wan-2.2', size: '641x361', seconds: '1' });
	const file = join(dir, `${id}.mp4`);
	writeFileSync(file, await download(id, 'video'));
	expect(probeVideo(file)).toMatchObject({ width: 640, height: 360, duration: 1, frames: 24 });
});
