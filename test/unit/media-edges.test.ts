import { crc32 } from 'node:zlib';

import { parseErrorBody } from '../../nodes/SoraVideos/helpers/errors';
import { readImageInfo, sniffMediaType } from '../../nodes/SoraVideos/helpers/media';
import { findContentUrl, normaliseVideo } from '../../nodes/SoraVideos/helpers/video';

// Edges of reading files and job objects: a JPEG is known by all three of its first bytes, a PNG
// by all eight of its signature, a PNG's size only from an intact IHDR, an error code that is null,
// error bodies that are not objects.

/** A PNG signature and one chunk of `type` holding width and height, with a correct checksum. */
function pngStart(type: string, width: number, height: number): Buffer {
	const chunk = Buffer.alloc(17);
	chunk.write(type, 0, 'ascii');
	chunk.writeUInt32BE(width, 4);
	chunk.writeUInt32BE(height, 8);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(chunk));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
		chunk,
		crc,
	]);
}

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

it('a first chunk other than IHDR, even with a correct checksum, gives no size', () => {
	expect(readImageInfo(pngStart('IHDR', 720, 1280))).toMatchObject({ width: 720, height: 1280 });
	expect(readImageInfo(pngStart('iCCP', 720, 1280))).toBeNull();
});

it('a header cut before its last checksum byte gives no size, even when that byte is 0', () => {
	let width = 1;
	while ((crc32(pngStart('IHDR', width, 720).subarray(12, 29)) & 0xff) !== 0) width++;
	expect(readImageInfo(pngStart('IHDR', width, 720).subarray(0, 32))).toBeNull();
});

it('a job error whose code is null reads as code "error"', () => {
	expect(
		normaliseVideo({ id: 'v', status: 'failed', error: { code: null, message: 'boom' } }).error,
	).toEqual({
		code: 'error',
		message: 'boom',
	});
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

it('a job object whose nested URL places are null has no URL in them', () => {
	expect(findContentUrl({ metadata: null, data: [null], videos: [null], output: null })).toBeNull();
});

it.each([
	['no body', undefined],
	['null', null],
	['text', 'Bad Gateway'],
	['a number', 502],
])('an error body that is %s has no message, code, type or param', (_what, body) => {
	expect(parseErrorBody(body)).toEqual({ message: null, code: null, type: null, param: null });
});
