/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { deflateSync } from 'node:zlib';

/**
 * Real images in memory, and the header parser the simulator uses to check an
 * input_reference's pixel size. Shared with tests: `makePng` gives a valid PNG of any size.
 */

export interface ImageInfo {
	type: 'png' | 'jpeg' | 'webp';
	width: number;
	height: number;
}

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(bytes: Buffer): number {
	let c = 0xffffffff;
	for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeAndData));
	return Buffer.concat([length, typeAndData, crc]);
}

/** A valid RGB PNG of the given size, filled with one colour. */
export function makePng(
	width: number,
	height: number,
	rgb: [number, number, number] = [220, 90, 40],
): Buffer {
	checkSize(width, height);
	return encodePng(width, height, Buffer.alloc(width * height * 3, Buffer.from(rgb)));
}

/** A valid RGB PNG of `pixels`: width x height RGB triplets, row by row. */
export function encodePng(width: number, height: number, pixels: Buffer): Buffer {
	checkSize(width, height);
	if (pixels.length !== width * height * 3)
		throw new Error(`encodePng: ${pixels.length} bytes are not ${width}x${height} RGB pixels`);
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type RGB
	const stride = width * 3;
	const raw = Buffer.alloc((1 + stride) * height); // each row: filter byte 0, then its pixels
	for (let y = 0; y < height; y++)
		pixels.copy(raw, y * (1 + stride) + 1, y * stride, (y + 1) * stride);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

function checkSize(width: number, height: number): void {
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
		throw new Error(`PNG: bad size ${width}x${height}`);
	}
}

/** Type and pixel size from the file header, or null when the bytes are not PNG/JPEG/WebP. */
export function imageInfo(bytes: Uint8Array): ImageInfo | null {
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return pngInfo(buf) ?? jpegInfo(buf) ?? webpInfo(buf);
}

function pngInfo(buf: Buffer): ImageInfo | null {
	const signature = '89504e470d0a1a0a';
	if (buf.length < 24 || buf.subarray(0, 8).toString('hex') !== signature) return null;
	if (buf.toString('ascii', 12, 16) !== 'IHDR') return null;
	return { type: 'png', width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function jpegInfo(buf: Buffer): ImageInfo | null {
	if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return null;
	let offset = 2;
	while (offset + 4 <= buf.length) {
		if (buf[offset] !== 0xff) return null;
		const marker = buf[offset + 1];
		if (marker === 0xff) {
			offset += 1; // fill byte
			continue;
		}
		// Markers without a length field.
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
			offset += 2;
			continue;
		}
		const length = buf.readUInt16BE(offset + 2);
		const isStartOfFrame =
			marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isStartOfFrame) {
			if (offset + 9 > buf.length) return null;
			return {
				type: 'jpeg',
				height: buf.readUInt16BE(offset + 5),
				width: buf.readUInt16BE(offset + 7),
			};
		}
		offset += 2 + length;
	}
	return null;
}

function webpInfo(buf: Buffer): ImageInfo | null {
	if (
		buf.length < 30 ||
		buf.toString('ascii', 0, 4) !== 'RIFF' ||
		buf.toString('ascii', 8, 12) !== 'WEBP'
	)
		return null;
	const chunk = buf.toString('ascii', 12, 16);
	const data = 20;
	if (chunk === 'VP8 ') {
		// Lossy: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
		if (buf[data + 3] !== 0x9d || buf[data + 4] !== 0x01 || buf[data + 5] !== 0x2a) return null;
		return {
			type: 'webp',
			width: buf.readUInt16LE(data + 6) & 0x3fff,
			height: buf.readUInt16LE(data + 8) & 0x3fff,
		};
	}
	if (chunk === 'VP8L') {
		// Lossless: signature 0x2f, then width-1 and height-1 in 14 bits each.
		if (buf[data] !== 0x2f) return null;
		const bits = buf.readUInt32LE(data + 1);
		return { type: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8X') {
		// Extended: canvas width-1 and height-1 as 24-bit little-endian numbers.
		return {
			type: 'webp',
			width: buf.readUIntLE(data + 4, 3) + 1,
			height: buf.readUIntLE(data + 7, 3) + 1,
		};
	}
	return null;
}
