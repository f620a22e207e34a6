/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Job } from './jobs';
import { CONTENT_TYPES, render } from './render';
import { cardFor } from './test-card';
import type { ContentVariant } from './types';

/**
 * The bytes /content serves: a playable MP4 of the job's size and length, a WebP thumbnail and a
 * JPEG spritesheet of the same size, rendered on first request (render.ts).
 *
 * Every job's MP4 ends with a top-level `free` box holding the job id, so a client that mixes
 * up downloads gets a different sha256. The box is also how `videoBytes` pads the file to any
 * size while it stays a valid MP4; padding is streamed, never built in memory.
 */

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

const bufferSegment = (bytes: Buffer): Segment => ({
	length: bytes.length,
	slice: (s, e) => bytes.subarray(s, e),
});
const zeroSegment = (length: number): Segment => ({
	length,
	slice: (s, e) => ZEROS.subarray(0, e - s),
});

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
		stream: (limit = length) =>
			Readable.from(chunks(segments, limit), { objectMode: false, highWaterMark: CHUNK }),
	};
}

/** Why `videoBytes` cannot be honoured for a render of `renderedBytes`, or null when it can. */
function videoBytesProblem(videoBytes: number, renderedBytes: number): string | null {
	const room = videoBytes - renderedBytes;
	if (room === 0 || room >= 8) return null;
	return `videoBytes ${videoBytes} cannot hold this job's MP4: it must be ${renderedBytes} (the bare render) or at least ${renderedBytes + 8} (room for a 'free' box)`;
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

function videoSource(jobId: string, mp4: Buffer, videoBytes: number | null): ByteSource {
	const id = Buffer.from(jobId, 'utf8');
	const total = videoBytes ?? mp4.length + 8 + id.length;
	const problem = videoBytesProblem(total, mp4.length);
	if (problem) throw new Error(problem);
	const boxSize = total - mp4.length;
	if (boxSize === 0) return sourceOf([bufferSegment(mp4)], CONTENT_TYPES.video);
	const header = freeBoxHeader(boxSize);
	const payload = boxSize - header.length;
	const idPart = id.subarray(0, Math.min(id.length, payload));
	return sourceOf(
		[
			bufferSegment(mp4),
			bufferSegment(header),
			bufferSegment(idPart),
			zeroSegment(payload - idPart.length),
		],
		CONTENT_TYPES.video,
	);
}

export async function assetFor(
	job: Job,
	variant: ContentVariant,
	videoBytes: number | null,
): Promise<ByteSource> {
	const rendered = await render(cardFor(job.size, job.seconds, job.prompt), variant);
	if (variant === 'video') return videoSource(job.id, rendered, videoBytes);
	return sourceOf([bufferSegment(rendered)], CONTENT_TYPES[variant]);
}

/**
 * Starts rendering a job's MP4 now, as a real server has the file by the time the job reports
 * `completed` (the renderAhead option). Jobs that will fail are skipped; a failed render is
 * not cached (render.ts), so the download tries again and reports the failure then.
 */
export function renderAhead(job: Job): void {
	if (job.failure) return;
	render(cardFor(job.size, job.seconds, job.prompt), 'video').catch(() => undefined);
}

export async function sha256Of(source: ByteSource): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of source.stream()) hash.update(chunk as Buffer);
	return hash.digest('hex');
}
