import { authHeaders, rawGet, sha256, startTestServer, stopAll } from './helpers';

// The bytes of a job (simulator/assets.ts): each MP4 ends with a free box of its own, which the
// videoBytes option grows to an exact size.

afterAll(stopAll);

/** The top-level MP4 boxes (32-bit sizes), checking that they tile the file exactly. */
function topLevelBoxes(bytes: Buffer): Array<{ type: string; offset: number }> {
	const boxes: Array<{ type: string; offset: number }> = [];
	for (let offset = 0; offset < bytes.length; offset += bytes.readUInt32BE(offset)) {
		boxes.push({ type: bytes.toString('ascii', offset + 4, offset + 8), offset });
		expect(offset + bytes.readUInt32BE(offset)).toBeLessThanOrEqual(bytes.length);
	}
	return boxes;
}

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
	const res = await rawGet(
		`${t.sim.baseUrl}/videos/${video.id}/content`,
		authHeaders(t),
		rendered + 16,
	);
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
