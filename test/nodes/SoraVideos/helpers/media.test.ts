/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { crc32 } from 'node:zlib';

import { readImageInfo, sniffMediaType } from '../../../../nodes/SoraVideos/helpers/media';
import { makePng } from '../../../../simulator/images';
import { fixture } from '../../../support/fixtures';

// What a file's bytes say it is, and a reference image's pixel size, read the way encoders write
// them: the node trusts these, not the server's Content-Type, and checks an image's size against
// the video's before paying for a job. A JPEG is known by all three of its first bytes, a PNG by
// all eight of its signature, a PNG's size only from an intact IHDR.

/**
 * The first 33 bytes of a PNG of any size: its signature and a first chunk of `type` (IHDR unless
 * said) holding the size, with a correct checksum.
 */
function pngHeader(width: number, height: number, type = 'IHDR'): Buffer {
	const chunk = Buffer.alloc(17);
	chunk.write(type, 0, 'ascii');
	chunk.writeUInt32BE(width, 4);
	chunk.writeUInt32BE(height, 8);
	chunk[12] = 8;
	chunk[13] = 2;
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(chunk));
	const length = Buffer.from([0, 0, 0, 13]);
	return Buffer.concat([makePng(1, 1).subarray(0, 8), length, chunk, crc]);
}

/** A RIFF/WEBP file whose first chunk is `fourcc` with `payload`, padded to 30 bytes. */
function webp(fourcc: string, payload: number[]): Buffer {
	const bytes = Buffer.alloc(Math.max(30, 20 + payload.length));
	bytes.write('RIFF', 0, 'ascii');
	bytes.writeUInt32LE(bytes.length - 8, 4);
	bytes.write('WEBP', 8, 'ascii');
	bytes.write(fourcc, 12, 'ascii');
	bytes.writeUInt32LE(bytes.length - 20, 16);
	Buffer.from(payload).copy(bytes, 20);
	return bytes;
}

/** A lossy (VP8) WebP frame header: key frame, start code 9d 01 2a, then 14-bit sizes. */
const vp8 = (width: number, height: number, startCode = [0x9d, 0x01, 0x2a]) =>
	webp('VP8 ', [
		0x30,
		0x01,
		0x00,
		...startCode,
		width & 0xff,
		width >> 8,
		height & 0xff,
		height >> 8,
	]);

/** A lossless (VP8L) WebP: signature 0x2f, then width-1 and height-1 in 14 bits each. */
function vp8l(width: number, height: number, signature = 0x2f): Buffer {
	const bits = (width - 1) | ((height - 1) << 14);
	return webp('VP8L', [
		signature,
		bits & 0xff,
		(bits >>> 8) & 0xff,
		(bits >>> 16) & 0xff,
		(bits >>> 24) & 0xff,
	]);
}

/** A JPEG: SOI, the given segments, then EOI. */
const jpeg = (...segments: number[][]) => Buffer.from([0xff, 0xd8, ...segments.flat(), 0xff, 0xd9]);
/** A segment with a length field: marker, length (2 + payload), payload. */
const segment = (marker: number, payload: number[]) => [
	0xff,
	marker,
	0,
	payload.length + 2,
	...payload,
];
/** A start-of-frame segment of `marker` for width x height, 3 components. */
const frame = (marker: number, width: number, height: number) =>
	segment(marker, [
		8,
		height >> 8,
		height & 0xff,
		width >> 8,
		width & 0xff,
		3,
		1,
		0x22,
		0,
		2,
		0x11,
		1,
		3,
		0x11,
		1,
	]);
const app0 = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 0, 0, 1, 0, 1, 0, 0]);

describe('what the bytes say a file is', () => {
	it.each([
		['the MP4 a server rendered', fixture('video.mp4'), 'video/mp4', 'mp4'],
		['a WebP thumbnail', fixture('thumbnail.webp'), 'image/webp', 'webp'],
		['a JPEG spritesheet', fixture('spritesheet.jpg'), 'image/jpeg', 'jpg'],
		['a PNG', makePng(2, 2), 'image/png', 'png'],
	])('%s', (_file, bytes, mimeType, extension) => {
		expect(sniffMediaType(bytes)).toEqual({ mimeType, extension });
	});

	it('eight bytes are enough to know an MP4', () => {
		expect(sniffMediaType(Buffer.from('\0\0\0\x18ftyp'))?.mimeType).toBe('video/mp4');
	});

	it.each([
		['an HTML error page', Buffer.from('<html><body>502</body></html>')],
		['JSON', Buffer.from('{"error":"not ready"}')],
		['a RIFF file that is not WebP (a WAV)', Buffer.from('RIFF\x24\0\0\0WAVEfmt ')],
		['WebP letters in the wrong place', Buffer.from('RIFX\0\0\0\0WEBPVP8 ')],
		['two JPEG bytes alone', Buffer.from([0xff, 0xd8, 0x00])],
		['a JPEG start without the marker byte', Buffer.from([0xff, 0xd8, 0xfe, 0xe0])],
		['the PNG signature cut after four bytes', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
		['"PNG" without the 0x89 before it', Buffer.from('\x88PNG\r\n\x1a\n')],
		['nothing at all', Buffer.alloc(0)],
	])('%s is none of them', (_case, bytes) => {
		expect(sniffMediaType(bytes)).toBeNull();
	});

	it('sniffs MP4, WebP, JPEG and PNG from their first bytes', () => {
		expect(sniffMediaType(Buffer.from('\0\0\0\x18ftypisom'))?.mimeType).toBe('video/mp4');
		expect(sniffMediaType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))?.extension).toBe('webp');
		expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.extension).toBe('jpg');
		expect(sniffMediaType(makePng(2, 2))?.mimeType).toBe('image/png');
		expect(sniffMediaType(Buffer.from('<html>'))).toBeNull();
	});

	it('FF D8 FF alone is a JPEG', () => {
		expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff]))).toEqual({
			mimeType: 'image/jpeg',
			extension: 'jpg',
		});
	});

	it.each([
		['00 D8 FF', [0x00, 0xd8, 0xff, 0xe0]],
		['FF 00 FF', [0xff, 0x00, 0xff, 0xe0]],
		['FF D8 00', [0xff, 0xd8, 0x00, 0xe0]],
		['FF D8', [0xff, 0xd8]],
	])('%s is not a JPEG', (_bytes, bytes) => {
		expect(sniffMediaType(Buffer.from(bytes))).toBeNull();
	});

	it("the PNG signature's eight bytes alone are a PNG; seven, or any one of them wrong, are not", () => {
		const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
		expect(sniffMediaType(Buffer.from(signature))?.mimeType).toBe('image/png');
		expect(sniffMediaType(Buffer.from(signature.slice(0, 7)))).toBeNull();
		for (let at = 0; at < signature.length; at++) {
			const wrong = [...signature];
			wrong[at] ^= 0x01;
			expect(sniffMediaType(Buffer.from(wrong))).toBeNull();
		}
	});
});

describe('the pixel size of a reference image', () => {
	it('the WebP thumbnail and JPEG spritesheet a server made', () => {
		expect(readImageInfo(fixture('thumbnail.webp'))).toEqual({
			type: 'webp',
			mimeType: 'image/webp',
			width: 320,
			height: 180,
		});
		expect(readImageInfo(fixture('spritesheet.jpg'))).toEqual({
			type: 'jpeg',
			mimeType: 'image/jpeg',
			width: 320,
			height: 90,
		});
	});

	it('a PNG, from its header alone, up to sizes past 2^31', () => {
		expect(readImageInfo(makePng(1280, 720))).toEqual({
			type: 'png',
			mimeType: 'image/png',
			width: 1280,
			height: 720,
		});
		expect(readImageInfo(pngHeader(1792, 1024))).toMatchObject({ width: 1792, height: 1024 });
		expect(readImageInfo(pngHeader(0x80000001, 0xfffffffe))).toMatchObject({
			width: 2147483649,
			height: 4294967294,
		});
	});

	it.each([
		['cut one byte short of its checksum', pngHeader(720, 1280).subarray(0, 32)],
		['with a zero width', pngHeader(0, 1280)],
		['with a zero height', pngHeader(720, 0)],
		[
			'whose first chunk is not IHDR',
			Buffer.concat([
				pngHeader(720, 1280).subarray(0, 12),
				Buffer.from('IDAT'),
				pngHeader(720, 1280).subarray(16),
			]),
		],
	])('a PNG %s has no size', (_case, bytes) => {
		expect(readImageInfo(bytes)).toBeNull();
	});

	it('a PNG whose header checksum does not match (one bit flipped anywhere) has no size', () => {
		for (const at of [12, 16, 20, 24, 28, 29, 32]) {
			const damaged = pngHeader(720, 1280);
			damaged[at] ^= 0x01;
			expect(readImageInfo(damaged)).toBeNull();
		}
	});

	it.each([
		['lossy (VP8)', vp8(1280, 720)],
		['lossless (VP8L)', vp8l(1280, 720)],
		['extended (VP8X)', webp('VP8X', [0x10, 0, 0, 0, 0xff, 0x04, 0, 0xcf, 0x02, 0])],
	])('a %s WebP', (_kind, bytes) => {
		expect(readImageInfo(bytes)).toEqual({
			type: 'webp',
			mimeType: 'image/webp',
			width: 1280,
			height: 720,
		});
	});

	it('the largest sizes each WebP kind can say', () => {
		expect(readImageInfo(vp8(16383, 16383))).toMatchObject({ width: 16383, height: 16383 });
		expect(readImageInfo(vp8(16383 | 0xc000, 1))).toMatchObject({ width: 16383, height: 1 });
		expect(readImageInfo(vp8l(16384, 16384))).toMatchObject({ width: 16384, height: 16384 });
		expect(readImageInfo(vp8l(1, 16384))).toMatchObject({ width: 1, height: 16384 });
		const vp8x = webp('VP8X', [0, 0, 0, 0, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff]);
		expect(readImageInfo(vp8x)).toMatchObject({ width: 16777216, height: 16777215 });
	});

	it.each([
		['a VP8 frame without its start code', vp8(1280, 720, [0x9d, 0x01, 0x2b])],
		['a VP8 frame with a wrong first start byte', vp8(1280, 720, [0x9c, 0x01, 0x2a])],
		['a VP8 frame with a wrong second start byte', vp8(1280, 720, [0x9d, 0x02, 0x2a])],
		['a VP8L without its signature', vp8l(1280, 720, 0x2e)],
		['an unknown first chunk', webp('ALPH', [1, 2, 3, 4])],
		['cut to 29 bytes', vp8(1280, 720).subarray(0, 29)],
		['a VP8 of zero width', vp8(0, 720)],
	])('a WebP %s has no size', (_case, bytes) => {
		expect(readImageInfo(bytes)).toBeNull();
	});

	it('a WebP of exactly 30 bytes has a size', () => {
		const bytes = vp8(1280, 720);
		expect(bytes).toHaveLength(30);
		expect(readImageInfo(bytes)).toMatchObject({ width: 1280, height: 720 });
	});

	it.each([
		['baseline (SOF0)', 0xc0],
		['extended (SOF1)', 0xc1],
		['progressive (SOF2)', 0xc2],
		['lossless (SOF3)', 0xc3],
		['arithmetic (SOF9)', 0xc9],
		['arithmetic lossless (SOF15)', 0xcf],
	])('a %s JPEG', (_kind, marker) => {
		expect(readImageInfo(jpeg(app0, frame(marker, 1280, 720)))).toEqual({
			type: 'jpeg',
			mimeType: 'image/jpeg',
			width: 1280,
			height: 720,
		});
	});

	it('reads past tables, comments, fill bytes and restart markers to the frame', () => {
		const huffman = segment(0xc4, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		const arithmetic = segment(0xcc, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		const jpgExtension = segment(0xc8, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		const comment = segment(0xfe, [...Buffer.from('made by a camera, 0123456789')]);
		const bytes = jpeg(
			app0,
			[0xff, 0xff, 0xff],
			huffman,
			arithmetic,
			jpgExtension,
			[0xff, 0xd0, 0xff, 0xd7, 0xff, 0xd8],
			comment,
			frame(0xc0, 720, 1280),
		);
		expect(readImageInfo(bytes)).toMatchObject({ width: 720, height: 1280 });
	});

	it('a segment whose marker is below the frames (0xbf) is skipped by its length', () => {
		const bytes = jpeg(segment(0xbf, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), frame(0xc0, 720, 1280));
		expect(readImageInfo(bytes)).toMatchObject({ width: 720, height: 1280 });
	});

	it('a frame header at the very end of the file is read', () => {
		const bytes = Buffer.from([0xff, 0xd8, ...frame(0xc2, 1280, 720).slice(0, 10)]);
		expect(bytes).toHaveLength(12);
		expect(readImageInfo(bytes)).toMatchObject({ width: 1280, height: 720 });
	});

	it.each([
		[
			'whose frame header is cut short',
			Buffer.from([0xff, 0xd8, ...frame(0xc0, 1280, 720).slice(0, 9)]),
		],
		[
			'with bytes between segments that are not a marker',
			jpeg(app0, [0x00], frame(0xc0, 1280, 720)),
		],
		['without a frame', jpeg(app0, segment(0xfe, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))],
		['of zero height (the size comes later, in a DNL)', jpeg(app0, frame(0xc0, 1280, 0))],
	])('a JPEG %s has no size', (_case, bytes) => {
		expect(readImageInfo(bytes)).toBeNull();
	});

	it('an MP4 is not an image', () => {
		expect(readImageInfo(fixture('video.mp4'))).toBeNull();
	});

	it('reads the pixel size of PNG, JPEG and WebP images', () => {
		expect(readImageInfo(makePng(720, 1280))).toMatchObject({
			type: 'png',
			width: 720,
			height: 1280,
		});
		const damaged = makePng(720, 1280);
		damaged[17] ^= 0x40; // a flipped bit in the width: the IHDR checksum no longer matches
		expect(readImageInfo(damaged)).toBeNull();
		const jpeg = Buffer.from([
			0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x05, 0x00, 0x02, 0xd0, 1, 1, 0x11,
			0, 0xff, 0xd9,
		]);
		expect(readImageInfo(jpeg)).toMatchObject({ type: 'jpeg', width: 720, height: 1280 });
		const vp8x = Buffer.alloc(30);
		vp8x.write('RIFF', 0);
		vp8x.write('WEBP', 8);
		vp8x.write('VP8X', 12);
		vp8x.writeUIntLE(1279, 24, 3);
		vp8x.writeUIntLE(719, 27, 3);
		expect(readImageInfo(vp8x)).toMatchObject({ type: 'webp', width: 1280, height: 720 });
	});

	it('rejects a corrupted header', () => {
		const broken = makePng(720, 1280);
		broken.write('XXXX', 12);
		expect(readImageInfo(broken)).toBeNull();
		expect(readImageInfo(Buffer.from('not an image at all'))).toBeNull();
	});

	it('a first chunk other than IHDR, even with a correct checksum, gives no size', () => {
		expect(readImageInfo(pngHeader(720, 1280))).toMatchObject({ width: 720, height: 1280 });
		expect(readImageInfo(pngHeader(720, 1280, 'iCCP'))).toBeNull();
	});

	it('a header cut before its last checksum byte gives no size, even when that byte is 0', () => {
		let width = 1;
		while ((crc32(pngHeader(width, 720).subarray(12, 29)) & 0xff) !== 0) width++;
		expect(readImageInfo(pngHeader(width, 720).subarray(0, 32))).toBeNull();
	});

	it('a WebP whose first chunk holds no image gives no size, even with VP8 or VP8L header bytes', () => {
		const riff = Buffer.alloc(30);
		riff.write('RIFF', 0, 'ascii');
		riff.writeUInt32LE(22, 4);
		riff.write('WEBPALPH', 8, 'ascii');
		riff[20] = 0x2f; // where a VP8L chunk has its signature
		riff.set([0x9d, 0x01, 0x2a], 23); // where a VP8 chunk has its start code
		riff.set([0x00, 0x05, 0xd0, 0x02], 26); // and 1280×720 where it has its size
		expect(sniffMediaType(riff)?.mimeType).toBe('image/webp');
		expect(readImageInfo(riff)).toBeNull();
	});
});
