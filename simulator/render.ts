/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, @typescript-eslint/no-require-imports -- Node tooling, not published (DEVELOPERS.md) */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CardSpec, FPS, drawCard, frameCount } from './test-card';
import type { ContentVariant } from './types';

/**
 * Renders a job's content with the static ffmpeg that @ffmpeg-installer/ffmpeg (a dev dependency
 * of the repository, a dependency of the sora-videos-simulator package) ships inside its npm
 * package (no system ffmpeg, no fonts, no install script needed):
 * - video: H.264 (yuv420p) in MP4 with the index first (faststart), the card's size and length
 *   at FPS frames a second, so a browser's <video> plays it;
 * - thumbnail: the video's first frame as WebP, the video's size;
 * - spritesheet: JPEG of the video's size holding a 3x3 grid of frames spread over its length.
 *
 * The card is drawn here once (test-card.ts) and animated by ffmpeg's filters, so a render costs
 * one ffmpeg run and no per-frame work in this process (which also serves the API). Renders are
 * cached per card and variant (size, seconds, the prompt's first words) and made on first
 * request, so jobs that nobody downloads cost nothing.
 */

const SPRITESHEET_TILES = 3;
/** ffmpeg runs at once: more only compete for the same cores (100 jobs downloaded at once). */
const MAX_ENCODERS = 2;
const renders = new Map<string, Promise<Buffer>>();
let encoders = 0;
const waiting: Array<() => void> = [];

export const CONTENT_TYPES: Record<ContentVariant, string> = {
	video: 'video/mp4',
	thumbnail: 'image/webp',
	spritesheet: 'image/jpeg',
};

export function render(card: CardSpec, variant: ContentVariant): Promise<Buffer> {
	const key = JSON.stringify([variant, card.width, card.height, card.seconds, card.words]);
	let rendered = renders.get(key);
	if (!rendered) {
		rendered =
			variant === 'video'
				? withEncoderSlot(() => encodeVideo(card))
				: render(card, 'video').then((mp4) =>
						withEncoderSlot(() => imageFromVideo(card, mp4, variant)),
					);
		renders.set(key, rendered);
		// A failed render is not cached: the next request tries again.
		rendered.catch(() => renders.delete(key));
	}
	return rendered;
}

/** Runs `task` once an encoder slot is free, in the order asked; a finished task hands its slot on. */
async function withEncoderSlot<T>(task: () => Promise<T>): Promise<T> {
	if (encoders < MAX_ENCODERS) encoders++;
	else await new Promise<void>((resolve) => waiting.push(resolve));
	try {
		return await task();
	} finally {
		const next = waiting.shift();
		if (next) next();
		else encoders--;
	}
}

async function encodeVideo(card: CardSpec): Promise<Buffer> {
	const picture = drawCard(card);
	const frames = frameCount(card);
	const raw = (width: number, height: number, file: string) => [
		'-f',
		'rawvideo',
		'-pix_fmt',
		'rgb24',
		'-s',
		`${width}x${height}`,
		'-i',
		file,
	];
	const timeline = (colour: string, width: number, height: number) =>
		`color=c=${colour}:s=${width}x${height}:r=${FPS}:d=${card.seconds}`;
	// Frame i (at time t = i/FPS) shows row i of the counter strip and a progress bar (i+1)/frames
	// of the width. Time, not overlay's frame number n, which counts from 1 in some ffmpeg versions.
	const frame = `round(t*${FPS})`;
	const graph = [
		`${timeline('black', picture.width, picture.height)}[base]`,
		`[base][0:v]overlay[card]`,
		`${timeline('black', picture.counterWidth, picture.rowHeight)}[window]`,
		`[window][1:v]overlay=x=0:y=-${frame}*${picture.rowHeight}[counter]`,
		`[card][counter]overlay=x=${picture.counterX}:y=${picture.counterY}[counted]`,
		`${timeline(picture.barColour, picture.width, picture.barHeight)}[bar]`,
		`[counted][bar]overlay=x=-w+w*(${frame}+1)/${frames}:y=H-h,scale=${card.width}:${card.height}:flags=neighbor,format=yuv420p`,
	].join(';');
	return ffmpeg(
		{ 'still.rgb': picture.still, 'counter.rgb': picture.counter },
		[
			...raw(picture.width, picture.height, 'still.rgb'),
			...raw(picture.counterWidth, picture.rowHeight * frames, 'counter.rgb'),
			'-filter_complex',
			graph,
			...[
				'-c:v',
				'libx264',
				'-preset',
				'ultrafast',
				'-threads',
				'1',
				'-crf',
				'30',
				'-movflags',
				'+faststart',
			],
		],
		'out.mp4',
	);
}

/** The thumbnail or spritesheet, taken from the rendered video. */
function imageFromVideo(
	card: CardSpec,
	mp4: Buffer,
	variant: 'thumbnail' | 'spritesheet',
): Promise<Buffer> {
	const size = `${card.width}:${card.height}`;
	if (variant === 'thumbnail')
		return ffmpeg(
			{ 'video.mp4': mp4 },
			['-i', 'video.mp4', '-frames:v', '1', '-c:v', 'libwebp', '-quality', '75'],
			'out.webp',
		);
	const tiles = SPRITESHEET_TILES * SPRITESHEET_TILES;
	const every = Math.max(1, Math.floor(frameCount(card) / tiles));
	const grid = `select=not(mod(n\\,${every})),scale=${size}:flags=fast_bilinear,tile=${SPRITESHEET_TILES}x${SPRITESHEET_TILES},scale=${size}`;
	return ffmpeg(
		{ 'video.mp4': mp4 },
		['-i', 'video.mp4', '-vf', grid, '-frames:v', '1', '-q:v', '5'],
		'out.jpg',
	);
}

function ffmpegPath(): string {
	try {
		return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
	} catch (err) {
		throw new Error(
			`The simulator renders videos with the ffmpeg of @ffmpeg-installer/ffmpeg, which is missing (${String(err)}): run npm ci in a clone of the repository, or install sora-videos-simulator again`,
		);
	}
}

/** Runs ffmpeg in a fresh directory holding `inputs`, and returns the `output` file it wrote there. */
async function ffmpeg(
	inputs: Record<string, Buffer>,
	args: string[],
	output: string,
): Promise<Buffer> {
	const dir = await mkdtemp(join(tmpdir(), 'sora-sim-render-'));
	try {
		await Promise.all(
			Object.entries(inputs).map(([name, bytes]) => writeFile(join(dir, name), bytes)),
		);
		const child = spawn(ffmpegPath(), ['-v', 'error', ...args, '-an', '-y', output], {
			cwd: dir,
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const status = await new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('close', resolve);
		});
		if (status !== 0)
			throw new Error(`ffmpeg failed to render ${output} (exit ${status}): ${stderr.trim()}`);
		return await readFile(join(dir, output));
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
