import { encodePng } from './images';
import type { Profile } from './profiles';
import { drawStill } from './test-card';
import { allOpenaiSizes, sizeOf } from './validation';

/**
 * Sample reference images, one PNG per size a profile takes, so that an image-to-video workflow
 * has a reference of the exact pixel size it asks for (OpenAI refuses any other) without an
 * image of its own. Each is the test card's still part, captioned with its size.
 */

export const sampleName = (size: string) => `reference-${size}.png`;

/**
 * The sizes a profile's create takes by name: the sizes of OpenRouter's catalog (its `size` lists
 * and every resolution at every aspect ratio), or else OpenAI's sizes (gateway and self-hosted
 * models take any WxH, so those are the ones a user picks).
 */
export function sampleSizes(profile: Pick<Profile, 'videoModels'>): string[] {
	if (!profile.videoModels) return allOpenaiSizes();
	const sizes = profile.videoModels.flatMap((model) => [
		...(model.supported_sizes ?? []),
		...(model.supported_resolutions ?? []).flatMap((resolution) =>
			(model.supported_aspect_ratios ?? []).map((ratio) => sizeOf(resolution, ratio)),
		),
	]);
	return [...new Set(sizes)];
}

/** The size a sample's file name asks for, or null when the name is not a sample's. */
export function sampleSize(name: string): string | null {
	const match = /^reference-([1-9]\d*x[1-9]\d*)\.png$/.exec(name);
	return match ? match[1] : null;
}

const drawn = new Map<string, Buffer>();

/** The sample PNG of `size` (WxH), drawn once per size and kept. */
export function samplePng(size: string): Buffer {
	let png = drawn.get(size);
	if (!png) {
		png = drawSample(size);
		drawn.set(size, png);
	}
	return png;
}

function drawSample(size: string): Buffer {
	const [width, height] = size.split('x').map(Number);
	const still = drawStill(
		{ width, height, words: 'SAMPLE REFERENCE IMAGE' },
		`${width}X${height} PNG`,
	);
	// The card is drawn on a small canvas; each pixel of the image takes its nearest canvas pixel,
	// so a canvas row makes one image row, repeated for each image row that maps onto it.
	const columns = Array.from({ length: width }, (_, x) => Math.floor((x * still.width) / width));
	const stretched = new Map<number, Buffer>();
	const stretch = (canvasRow: number) => {
		const row = Buffer.alloc(width * 3);
		const start = canvasRow * still.width;
		columns.forEach((column, x) => {
			const from = (start + column) * 3;
			still.pixels.copy(row, x * 3, from, from + 3);
		});
		return row;
	};
	const pixels = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) {
		const canvasRow = Math.floor((y * still.height) / height);
		let row = stretched.get(canvasRow);
		if (!row) {
			row = stretch(canvasRow);
			stretched.set(canvasRow, row);
		}
		row.copy(pixels, y * width * 3);
	}
	return encodePng(width, height, pixels);
}
