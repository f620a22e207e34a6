import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CardPainter, type CardSpec, FPS, frameCount } from './test-card';
import type { ContentVariant } from './types';

/**
 * Renders a job's content with the static ffmpeg that the dev dependency @ffmpeg-installer/ffmpeg
 * ships inside its npm package (no system ffmpeg, no fonts, no install script needed):
 * - video: H.264 (yuv420p) in MP4 with the index first (faststart), the card's size and length,
 *   FPS frames a second, so a browser's <video> plays it;
 * - thumbnail: the first frame as WebP, the video's size;
 * - spritesheet: JPEG of the video's size holding a 3x3 grid of frames spread over its length.
 *
 * Renders are cached per card and variant (a card is size, seconds and the prompt's first words),
 * and made on first request, so jobs that nobody downloads cost nothing.
 */

const SPRITESHEET_COLUMNS = 3;
const renders = new Map<string, Promise<Buffer>>();

export const CONTENT_TYPES: Record<ContentVariant, string> = { video: 'video/mp4', thumbnail: 'image/webp', spritesheet: 'image/jpeg' };

export function render(card: CardSpec, variant: ContentVariant): Promise<Buffer> {
	const key = JSON.stringify([variant, card.width, card.height, card.seconds, card.words]);
	let rendered = renders.get(key);
	if (!rendered) {
		rendered = encode(card, variant);
		renders.set(key, rendered);
		// A failed render is not cached: the next request tries again.
		rendered.catch(() => renders.delete(key));
	}
	return rendered;
}

function ffmpegPath(): string {
	try {
		return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
	} catch (err) {
		throw new Error(
			`The simulator renders videos with the ffmpeg of the dev dependency @ffmpeg-installer/ffmpeg, which is missing (${String(err)}); run npm ci`,
		);
	}
}

async function encode(card: CardSpec, variant: ContentVariant): Promise<Buffer> {
	const painter = new CardPainter(card);
	const scale = `scale=${card.width}:${card.height}:flags=neighbor`;
	if (variant === 'video') {
		const frames = function* () {
			for (let index = 0; index < frameCount(card); index++) yield painter.frame(index);
		};
		const output = ['-vf', `${scale},format=yuv420p`, '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '30', '-movflags', '+faststart'];
		return ffmpeg(painter, frames(), output, 'mp4');
	}
	if (variant === 'thumbnail') return ffmpeg(painter, [painter.frame(0)], ['-vf', scale, '-c:v', 'libwebp', '-quality', '75'], 'webp');
	const sheet = { width: painter.width * SPRITESHEET_COLUMNS, height: painter.height * SPRITESHEET_COLUMNS };
	return ffmpeg(sheet, [painter.grid(SPRITESHEET_COLUMNS)], ['-vf', scale, '-q:v', '5'], 'jpg');
}

/** Pipes raw RGB frames of `input`'s size into ffmpeg and returns the file it wrote. */
async function ffmpeg(input: { width: number; height: number }, frames: Iterable<Buffer>, output: string[], extension: string): Promise<Buffer> {
	// A file, not stdout: faststart moves the MP4's index to the front after writing, which needs seeking.
	const dir = await mkdtemp(join(tmpdir(), 'sora-sim-render-'));
	const file = join(dir, `out.${extension}`);
	try {
		const args = ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${input.width}x${input.height}`, '-r', String(FPS), '-i', 'pipe:0'];
		const child = spawn(ffmpegPath(), [...args, ...output, '-an', '-y', file], { stdio: ['pipe', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const exited = new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('close', resolve);
		});
		// A write error (ffmpeg quit early) is not the story: its exit status and stderr are.
		const [status] = await Promise.all([exited, pipeline(Readable.from(frames), child.stdin).catch(() => undefined)]);
		if (status !== 0) throw new Error(`ffmpeg failed to render ${extension} (exit ${status}): ${stderr.trim()}`);
		return await readFile(file);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
