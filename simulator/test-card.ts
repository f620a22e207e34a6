/**
 * The picture in the simulator's videos: a test card with colour bars, the prompt's first words,
 * the size and length, a frame counter and a progress bar. It is drawn here as raw RGB with a
 * 5x7 pixel font of its own, because a fresh machine may have no font files for ffmpeg's drawtext.
 *
 * The card is drawn on a small canvas (short side about 180 px), once: the parts that stay still,
 * plus a strip with every frame's counter. ffmpeg animates and scales it (render.ts), so no frame
 * is drawn one by one in this process.
 */

export const FPS = 24;
/** Larger requests (gateway models take any WxH and any whole number of seconds) are capped. */
const MAX_SIDE = 4096;
/** OpenAI's longest video: extensions stop at 120 s in total. */
const MAX_SECONDS = 120;
const CANVAS_SHORT_SIDE = 180;
const PROMPT_WORDS = 5;
const PROMPT_LINES = 3;

/** Everything a render depends on: equal cards give equal bytes (the cache key). */
export interface CardSpec {
	/** Pixel size of the encoded video (even, at most MAX_SIDE). */
	width: number;
	height: number;
	seconds: number;
	/** The prompt's first words, as drawn. */
	words: string;
}

/** The card for a job: its size (WxH), its seconds (null: OpenAI's default 4) and its prompt. */
export function cardFor(size: string, seconds: string | null, prompt: string): CardSpec {
	const [requestedWidth, requestedHeight] = size.split('x').map(Number);
	// H.264 in 4:2:0 needs even sides; a side above MAX_SIDE shrinks both, keeping the aspect.
	const shrink = Math.min(1, MAX_SIDE / Math.max(requestedWidth, requestedHeight));
	const even = (side: number) => Math.max(2, 2 * Math.floor((side * shrink) / 2));
	const words = prompt.trim().split(/\s+/).slice(0, PROMPT_WORDS).join(' ').toUpperCase();
	return {
		width: even(requestedWidth),
		height: even(requestedHeight),
		seconds: Math.min(MAX_SECONDS, Number(seconds ?? '4')),
		words: [...words].map((char) => (char in GLYPHS ? char : '?')).join(''),
	};
}

export const frameCount = (card: CardSpec) => card.seconds * FPS;

/** The canvas the frames are drawn on; the encoder scales it to the card's width and height. */
function canvasOf(card: Pick<CardSpec, 'width' | 'height'>): { width: number; height: number } {
	const factor = Math.max(1, Math.floor(Math.min(card.width, card.height) / CANVAS_SHORT_SIDE));
	return {
		width: Math.max(1, Math.round(card.width / factor)),
		height: Math.max(1, Math.round(card.height / factor)),
	};
}

type Rgb = [number, number, number];
const BACKGROUND: Rgb = [24, 26, 34];
const TEXT: Rgb = [235, 235, 235];
const DIM_TEXT: Rgb = [150, 160, 175];
/** The 75 % colour bars of a classic test card. */
const BARS: Rgb[] = [
	[191, 191, 191],
	[191, 191, 0],
	[0, 191, 191],
	[0, 191, 0],
	[191, 0, 191],
	[191, 0, 0],
	[0, 0, 191],
];
const MARGIN = 4;
const CHAR_WIDTH = 6;
const LINE_HEIGHT = 10;
const BAR_HEIGHT = 4;

/**
 * Glyphs of 7 rows, each row a 5-bit mask (bit 4 = leftmost pixel). Upper case, digits and common
 * punctuation; anything else is drawn as '?'.
 */
const GLYPHS: Record<string, number[]> = {
	' ': [0, 0, 0, 0, 0, 0, 0],
	A: [0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
	B: [0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e],
	C: [0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e],
	D: [0x1c, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1c],
	E: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f],
	F: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10],
	G: [0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f],
	H: [0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
	I: [0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e],
	J: [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c],
	K: [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
	L: [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f],
	M: [0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11],
	N: [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
	O: [0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
	P: [0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10],
	Q: [0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d],
	R: [0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11],
	S: [0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e],
	T: [0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
	U: [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
	V: [0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04],
	W: [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a],
	X: [0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11],
	Y: [0x11, 0x11, 0x11, 0x0a, 0x04, 0x04, 0x04],
	Z: [0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f],
	'0': [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e],
	'1': [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
	'2': [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f],
	'3': [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
	'4': [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02],
	'5': [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
	'6': [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e],
	'7': [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
	'8': [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e],
	'9': [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
	'.': [0, 0, 0, 0, 0, 0x0c, 0x0c],
	',': [0, 0, 0, 0, 0x0c, 0x04, 0x08],
	'!': [0x04, 0x04, 0x04, 0x04, 0x04, 0, 0x04],
	'?': [0x0e, 0x11, 0x01, 0x02, 0x04, 0, 0x04],
	'-': [0, 0, 0, 0x1f, 0, 0, 0],
	':': [0, 0x0c, 0x0c, 0, 0x0c, 0x0c, 0],
	"'": [0x0c, 0x04, 0x08, 0, 0, 0, 0],
	'/': [0, 0x01, 0x02, 0x04, 0x08, 0x10, 0],
};

class Canvas {
	readonly pixels: Buffer;

	constructor(
		readonly width: number,
		readonly height: number,
	) {
		this.pixels = Buffer.alloc(width * height * 3);
	}

	/** Fills a rectangle, clipped to the canvas. */
	fill(x: number, y: number, width: number, height: number, rgb: Rgb): void {
		const left = Math.max(0, x);
		const right = Math.min(this.width, x + width);
		if (left >= right) return;
		const pattern = Buffer.from(rgb);
		for (let row = Math.max(0, y); row < Math.min(this.height, y + height); row++) {
			this.pixels.fill(pattern, (row * this.width + left) * 3, (row * this.width + right) * 3);
		}
	}

	dot(x: number, y: number, rgb: Rgb): void {
		if (x >= 0 && x < this.width && y >= 0 && y < this.height)
			this.pixels.set(rgb, (y * this.width + x) * 3);
	}

	text(x: number, y: number, line: string, rgb: Rgb): void {
		[...line].forEach((char, index) => {
			const rows = GLYPHS[char] ?? GLYPHS['?'];
			rows.forEach((mask, row) => {
				for (let bit = 0; bit < 5; bit++)
					if (mask & (0x10 >> bit)) this.dot(x + index * CHAR_WIDTH + bit, y + row, rgb);
			});
		});
	}
}

/** Splits text into lines of at most `width` characters, breaking between words where it can. */
function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const candidate = line ? `${line} ${word}` : word;
		if (candidate.length <= width) line = candidate;
		else {
			if (line) lines.push(line);
			for (line = word; line.length > width; line = line.slice(width))
				lines.push(line.slice(0, width));
		}
	}
	if (line) lines.push(line);
	return lines;
}

export interface CardPicture {
	/** Size of the canvas the card is drawn on; the encoder scales it to the card's size. */
	width: number;
	height: number;
	/** RGB pixels of everything that stays still: bars, the prompt's words, size and length. */
	still: Buffer;
	/**
	 * The frame counter, one row per frame ("FRAME 1/96", "FRAME 2/96", …) stacked in a strip of
	 * `counterWidth` x (`rowHeight` * frames) RGB pixels; the encoder shows row n in frame n at
	 * (counterX, counterY), so no frame is drawn here one by one.
	 */
	counter: Buffer;
	counterWidth: number;
	rowHeight: number;
	counterX: number;
	counterY: number;
	/** The progress bar along the bottom edge, which the encoder grows frame by frame. */
	barHeight: number;
	/** Its colour as ffmpeg writes colours (0xRRGGBB). */
	barColour: string;
}

/** A card's parts that stay still, on its small canvas; `bottom` is the first row below them. */
export interface StillPicture {
	width: number;
	height: number;
	pixels: Buffer;
	bottom: number;
}

/**
 * The bars, `card.words` in up to three lines and, dimmed below them, `caption`: the card's still
 * part, and the whole of the sample reference images (samples.ts).
 */
export function drawStill(
	card: Pick<CardSpec, 'width' | 'height' | 'words'>,
	caption: string,
): StillPicture {
	const { width, height } = canvasOf(card);
	const still = new Canvas(width, height);
	still.fill(0, 0, width, height, BACKGROUND);
	const barsHeight = Math.round(height * 0.3);
	BARS.forEach((rgb, index) => {
		const left = Math.round((index * width) / BARS.length);
		still.fill(left, 0, Math.round(((index + 1) * width) / BARS.length) - left, barsHeight, rgb);
	});
	const columns = Math.max(1, Math.floor((width - 2 * MARGIN) / CHAR_WIDTH));
	let y = barsHeight + 6;
	for (const line of wrap(card.words, columns).slice(0, PROMPT_LINES)) {
		still.text(MARGIN, y, line, TEXT);
		y += LINE_HEIGHT;
	}
	still.text(MARGIN, y + 2, caption, DIM_TEXT);
	return { width, height, pixels: still.pixels, bottom: y + 2 + LINE_HEIGHT };
}

export function drawCard(card: CardSpec): CardPicture {
	const still = drawStill(card, `${card.width}X${card.height} ${card.seconds}S`);
	const frames = frameCount(card);
	const label = (index: number) => `FRAME ${index + 1}/${frames}`;
	const counter = new Canvas(label(frames - 1).length * CHAR_WIDTH, LINE_HEIGHT * frames);
	counter.fill(0, 0, counter.width, counter.height, BACKGROUND);
	for (let index = 0; index < frames; index++)
		counter.text(0, index * LINE_HEIGHT, label(index), TEXT);
	return {
		width: still.width,
		height: still.height,
		still: still.pixels,
		counter: counter.pixels,
		counterWidth: counter.width,
		rowHeight: LINE_HEIGHT,
		counterX: MARGIN,
		counterY: still.bottom,
		barHeight: BAR_HEIGHT,
		barColour: `0x${Buffer.from(TEXT).toString('hex')}`,
	};
}
