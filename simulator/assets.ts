import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ContentVariant } from './types';

/**
 * The bytes /content serves: a real playable MP4 (1 s, 320x180, H.264), a real WebP thumbnail
 * and a real JPEG spritesheet, all small committed fixtures made with ffmpeg.
 *
 * Every job's MP4 ends with a top-level `free` box holding the job id, so a client that mixes
 * up downloads gets a different sha256. The box is also how `videoBytes` pads the file to any
 * size while it stays a valid MP4; padding is streamed, never built in memory.
 */

const FIXTURES = join(__dirname, 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const MP4 = fixture('video.mp4');
const IMAGES: Record<'thumbnail' | 'spritesheet', { bytes: Buffer; contentType: string }> = {
	thumbnail: { bytes: fixture('thumbnail.webp'), contentType: 'image/webp' },
	spritesheet: { bytes: fixture('spritesheet.jpg'), contentType: 'image/jpeg' },
};
const CHUNK = 64 * 1024;
const ZEROS = Buffer.alloc(CHUNK);
const MAX_32BIT_BOX = 0xffffffff;

export interface ByteSource {
	length: number;
	contentType: string;
	/** A stream of the first `limit` bytes (all by default), pulled on demand (backpressure). */
	stream(limit?: number): Readable;
}

/** One piece of the body: its length and a way to read any slice of it. */
interface Segment {
	length: number;
	slice(start: number, end: number): Buffer;
}

const bufferSegment = (bytes: Buffer): Segment => ({ length: bytes.length, slice: (s, e) => bytes.subarray(s, e) });
const zeroSegment = (length: number): Segment => ({ length, slice: (s, e) => ZEROS.subarray(0, e - s) });

function* chunks(segments: Segment[], limit: number): Generator<Buffer> {
	let remaining = limit;
	for (const segment of segments) {
		for (let offset = 0; offset < segment.length && remaining > 0; ) {
			const size = Math.min(CHUNK, segment.length - offset, remaining);
			yield segment.slice(offset, offset + size);
			offset += size;
			remaining -= size;
		}
	}
}

function sourceOf(segments: Segment[], contentType: string): ByteSource {
	const length = segments.reduce((sum, s) => sum + s.length, 0);
	return {
		length,
		contentType,
		stream: (limit = length) => Readable.from(chunks(segments, limit), { objectMode: false, highWaterMark: CHUNK }),
	};
}

/** Why `videoBytes` cannot be honoured, or null when it can. */
export function videoBytesProblem(videoBytes: number): string | null {
	const room = videoBytes - MP4.length;
	if (room === 0 || room >= 8) return null;
	return `videoBytes must be ${MP4.length} (the bare fixture) or at least ${MP4.length + 8} (room for a 'free' box)`;
}

/** Header of a top-level `free` box of `boxSize` bytes; 64-bit largesize form past 4 GiB. */
function freeBoxHeader(boxSize: number): Buffer {
	if (boxSize <= MAX_32BIT_BOX) {
		const header = Buffer.alloc(8);
		header.writeUInt32BE(boxSize, 0);
		header.write('free', 4, 'ascii');
		return header;
	}
	const header = Buffer.alloc(16);
	header.writeUInt32BE(1, 0); // size 1 = "largesize follows"
	header.write('free', 4, 'ascii');
	header.writeBigUInt64BE(BigInt(boxSize), 8);
	return header;
}

function videoSource(jobId: string, videoBytes: number | null): ByteSource {
	const id = Buffer.from(jobId, 'utf8');
	const total = videoBytes ?? MP4.length + 8 + id.length;
	const boxSize = total - MP4.length;
	if (boxSize === 0) return sourceOf([bufferSegment(MP4)], 'video/mp4');
	const problem = videoBytesProblem(total);
	if (problem) throw new Error(problem);
	const header = freeBoxHeader(boxSize);
	const payload = boxSize - header.length;
	const idPart = id.subarray(0, Math.min(id.length, payload));
	return sourceOf(
		[bufferSegment(MP4), bufferSegment(header), bufferSegment(idPart), zeroSegment(payload - idPart.length)],
		'video/mp4',
	);
}

export function assetFor(jobId: string, variant: ContentVariant, videoBytes: number | null): ByteSource {
	if (variant === 'video') return videoSource(jobId, videoBytes);
	const image = IMAGES[variant];
	return sourceOf([bufferSegment(image.bytes)], image.contentType);
}

export async function sha256Of(source: ByteSource): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of source.stream()) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

export const FIXTURE_SIZES = { video: MP4.length, thumbnail: IMAGES.thumbnail.bytes.length, spritesheet: IMAGES.spritesheet.bytes.length };
