/** What the bytes of a file say they are: servers' Content-Type headers can lie (LiteLLM always says video/mp4). */
export interface MediaType {
	mimeType: string;
	extension: string;
}

export interface ImageInfo {
	type: 'png' | 'jpeg' | 'webp';
	mimeType: string;
	width: number;
	height: number;
}

const ascii = (bytes: Uint8Array, start: number, end: number) =>
	String.fromCharCode(...bytes.subarray(start, end));

/**
 * Detects MP4, WebP, JPEG and PNG from the first bytes (12 are enough). A shorter head reads as
 * shorter text, so it matches no signature.
 */
export function sniffMediaType(head: Uint8Array): MediaType | null {
	if (ascii(head, 4, 8) === 'ftyp') return { mimeType: 'video/mp4', extension: 'mp4' };
	if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') {
		return { mimeType: 'image/webp', extension: 'webp' };
	}
	if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
		return { mimeType: 'image/jpeg', extension: 'jpg' };
	}
	if (ascii(head, 0, 8) === '\x89PNG\r\n\x1a\n') return { mimeType: 'image/png', extension: 'png' };
	return null;
}

const readUInt16BE = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const readUInt16LE = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const readUInt24LE = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const readUInt32BE = (b: Uint8Array, at: number) =>
	((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);

/** CRC-32 as PNG chunks carry it: tells a damaged header from a real one. */
function crc32(bytes: Uint8Array): number {
	let crc = 0xffffffff;
	for (const byte of bytes) {
		crc ^= byte;
		for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function pngSize(b: Uint8Array): [number, number] | null {
	// Signature (8), IHDR length (4), type (4), 13 bytes of data, then the CRC of type and data.
	if (b.length < 33 || ascii(b, 12, 16) !== 'IHDR') return null;
	if (crc32(b.subarray(12, 29)) !== readUInt32BE(b, 29)) return null;
	return [readUInt32BE(b, 16), readUInt32BE(b, 20)];
}

/** Walks the JPEG markers to the first start-of-frame segment, which holds the pixel size. */
function jpegSize(b: Uint8Array): [number, number] | null {
	let at = 2;
	while (at + 9 < b.length) {
		if (b[at] !== 0xff) return null;
		const marker = b[at + 1];
		if (marker === 0xff) {
			at += 1;
			continue;
		}
		const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
		if (isStartOfFrame) return [readUInt16BE(b, at + 7), readUInt16BE(b, at + 5)];
		if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2;
			continue;
		}
		at += 2 + readUInt16BE(b, at + 2);
	}
	return null;
}

function webpSize(b: Uint8Array): [number, number] | null {
	if (b.length < 30) return null;
	const chunk = ascii(b, 12, 16);
	if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
		return [readUInt16LE(b, 26) & 0x3fff, readUInt16LE(b, 28) & 0x3fff];
	}
	if (chunk === 'VP8L' && b[20] === 0x2f) {
		const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
		return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
	}
	if (chunk === 'VP8X') return [readUInt24LE(b, 24) + 1, readUInt24LE(b, 27) + 1];
	return null;
}

/** Type and pixel size of a jpeg/png/webp image, or null when the bytes are not one (or are corrupt). */
export function readImageInfo(bytes: Uint8Array): ImageInfo | null {
	const media = sniffMediaType(bytes);
	if (!media) return null;
	const sizeReaders = {
		'image/png': pngSize,
		'image/jpeg': jpegSize,
		'image/webp': webpSize,
	} as const;
	const reader = sizeReaders[media.mimeType as keyof typeof sizeReaders];
	const size = reader?.(bytes);
	if (!size || size[0] === 0 || size[1] === 0) return null;
	const type = media.extension === 'jpg' ? 'jpeg' : (media.extension as 'png' | 'webp');
	return { type, mimeType: media.mimeType, width: size[0], height: size[1] };
}
