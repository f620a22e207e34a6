/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { inflateSync } from 'node:zlib';
import { imageInfo, makePng } from '../../simulator';

test('makePng gives a real PNG: signature, IHDR size, inflatable IDAT of the right length', () => {
	const png = makePng(7, 3);
	expect(imageInfo(png)).toEqual({ type: 'png', width: 7, height: 3 });
	const idatLength = png.readUInt32BE(33);
	expect(png.toString('ascii', 37, 41)).toBe('IDAT');
	expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe(3 * (1 + 7 * 3));
	expect(png.subarray(-8, -4).toString('ascii')).toBe('IEND');
});

test('imageInfo reads VP8L and VP8X WebP headers and refuses other bytes', () => {
	// VP8L: signature 0x2f, then (width-1) and (height-1) in 14 bits each.
	const vp8l = Buffer.alloc(30);
	vp8l.write('RIFF', 0);
	vp8l.write('WEBP', 8);
	vp8l.write('VP8L', 12);
	vp8l[20] = 0x2f;
	vp8l.writeUInt32LE((640 - 1) | ((360 - 1) << 14), 21);
	expect(imageInfo(vp8l)).toEqual({ type: 'webp', width: 640, height: 360 });
	const vp8x = Buffer.alloc(30);
	vp8x.write('RIFF', 0);
	vp8x.write('WEBP', 8);
	vp8x.write('VP8X', 12);
	vp8x.writeUIntLE(1920 - 1, 24, 3);
	vp8x.writeUIntLE(1080 - 1, 27, 3);
	expect(imageInfo(vp8x)).toEqual({ type: 'webp', width: 1920, height: 1080 });
	expect(imageInfo(Buffer.from('GIF89a........................'))).toBeNull();
	expect(imageInfo(Buffer.alloc(0))).toBeNull();
});
