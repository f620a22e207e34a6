import { ApiError } from '../errors';
import { imageInfo } from '../images';
import type { CreateRequest, ReferenceImage } from './rules';

/**
 * OpenRouter's create body (POST /api/v1/videos, JSON only), checked against what its catalog
 * (GET /videos/models) lists for the model, as strictly as OpenRouter documents it: an
 * out-of-set value is a 400, and so is a field it does not know.
 */

/** One model of GET /videos/models, in OpenRouter's shape. */
export interface VideoModelEntry {
	id: string;
	canonical_slug: string;
	name: string;
	created: number;
	supported_durations: number[] | null;
	supported_resolutions: string[] | null;
	supported_aspect_ratios: string[] | null;
	supported_sizes: string[] | null;
	supported_frame_images: string[] | null;
	generate_audio: boolean;
	seed: boolean | null;
	pricing_skus: Record<string, string>;
	allowed_passthrough_parameters: string[];
}

/** The fields OpenRouter's create takes (its API reference); any other is refused. */
export const OPENROUTER_FIELDS: ReadonlySet<string> = new Set([
	'model',
	'prompt',
	'duration',
	'resolution',
	'aspect_ratio',
	'size',
	'generate_audio',
	'seed',
	'frame_images',
	'input_references',
	'provider',
	'callback_url',
]);

const bad = (message: string) => new ApiError(400, message);
const isObject = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

function requireString(fields: Record<string, unknown>, name: string): string {
	const value = fields[name];
	if (typeof value !== 'string' || value.trim() === '')
		throw bad(`${name}: expected a non-empty string`);
	return value;
}

/** A value the model's catalog entry lists, or absent; `null` lists mean "any". */
function listed<T extends string | number>(
	model: VideoModelEntry,
	name: string,
	value: unknown,
	allowed: T[] | null,
): T | undefined {
	if (value === undefined) return undefined;
	if (allowed && !allowed.includes(value as T)) {
		throw bad(
			`${name} ${JSON.stringify(value)} is not supported by ${model.id}. Supported values: ${allowed.join(', ')}`,
		);
	}
	return value as T;
}

/** An image URL a provider can fetch: https, or a base64 data: URL holding a real image. */
function checkImageUrl(where: string, url: unknown): string {
	if (typeof url !== 'string') throw bad(`${where}.image_url.url: expected a string`);
	if (/^https:\/\/[^\s/]+/i.test(url)) return url;
	const data = /^data:(image\/(?:png|jpeg|jpg|webp));base64,(.*)$/is.exec(url);
	if (!data || !imageInfo(Buffer.from(data[2], 'base64')))
		throw bad(`${where}.image_url.url: expected an https URL or a base64 data URL of an image`);
	return `data:${data[1]};base64,…`;
}

function imagePart(where: string, part: unknown): string {
	if (!isObject(part) || part.type !== 'image_url' || !isObject(part.image_url))
		throw bad(`${where}: expected {"type": "image_url", "image_url": {"url": …}}`);
	return checkImageUrl(where, part.image_url.url);
}

/** `frame_images`: at most one first and one last frame, of the types the model takes. */
function readFrames(model: VideoModelEntry, value: unknown): { types: string[]; first?: string } {
	if (value === undefined) return { types: [] };
	if (!Array.isArray(value)) throw bad('frame_images: expected an array');
	const types: string[] = [];
	let first: string | undefined;
	for (const [index, frame] of value.entries()) {
		const where = `frame_images[${index}]`;
		const url = imagePart(where, frame);
		const type = (frame as Record<string, unknown>).frame_type;
		if (type !== 'first_frame' && type !== 'last_frame')
			throw bad(`${where}.frame_type: expected "first_frame" or "last_frame"`);
		listed(model, `${where}.frame_type`, type, model.supported_frame_images);
		if (types.includes(type)) throw bad(`frame_images: more than one ${type}`);
		types.push(type);
		if (type === 'first_frame') first = url;
	}
	return { types, first };
}

/** Loopback callbacks are the simulator's own allowance, for tests; OpenRouter takes https only. */
function readCallbackUrl(value: unknown): string | null {
	if (value === undefined) return null;
	const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
	const loopback = url?.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname);
	if (!url || (url.protocol !== 'https:' && !loopback))
		throw bad('callback_url: must be an HTTPS URL');
	return url.toString();
}

const SHORT_SIDES: Record<string, number> = { '1K': 1024, '2K': 1440, '4K': 2160 };

/** The pixel size a resolution and an aspect ratio make: `720p` at `9:16` is 720x1280. */
export function sizeOf(resolution: string, aspectRatio: string): string {
	const short = SHORT_SIDES[resolution] ?? Number.parseInt(resolution, 10);
	const [w, h] = aspectRatio.split(':').map(Number);
	const long = 2 * Math.round((short * Math.max(w, h)) / Math.min(w, h) / 2);
	return w >= h ? `${long}x${short}` : `${short}x${long}`;
}

/** The video's pixel size: `size`, or `resolution` and `aspect_ratio` (each defaulting to the model's first). */
function readSize(model: VideoModelEntry, fields: Record<string, unknown>): string {
	if (fields.size !== undefined && !model.supported_sizes)
		throw bad(`size is not supported by ${model.id}: give resolution and aspect_ratio`);
	const size = listed(model, 'size', fields.size, model.supported_sizes);
	const resolution = listed(model, 'resolution', fields.resolution, model.supported_resolutions);
	const ratio = listed(model, 'aspect_ratio', fields.aspect_ratio, model.supported_aspect_ratios);
	if (size !== undefined && (resolution !== undefined || ratio !== undefined))
		throw bad('size: give either size, or resolution and aspect_ratio, not both');
	return (
		size ??
		sizeOf(
			resolution ?? model.supported_resolutions?.[0] ?? '720p',
			ratio ?? model.supported_aspect_ratios?.[0] ?? '16:9',
		)
	);
}

function checkOptional(model: VideoModelEntry, fields: Record<string, unknown>) {
	const { generate_audio: audio, seed, provider, input_references: references } = fields;
	if (audio !== undefined && typeof audio !== 'boolean')
		throw bad('generate_audio: expected a boolean');
	if (audio === true && !model.generate_audio)
		throw bad(`generate_audio is not supported by ${model.id}`);
	if (seed !== undefined && !Number.isInteger(seed)) throw bad('seed: expected an integer');
	if (provider !== undefined && !isObject(provider)) throw bad('provider: expected an object');
	if (references !== undefined) {
		if (!Array.isArray(references)) throw bad('input_references: expected an array');
		references.forEach((part, index) => imagePart(`input_references[${index}]`, part));
	}
}

/** Reads and checks a create body against the catalog; what the job runs. */
export function parseOpenRouterCreate(body: unknown, catalog: VideoModelEntry[]): CreateRequest {
	if (!isObject(body)) throw bad('The request body must be a JSON object');
	const unknown = Object.keys(body).filter((key) => !OPENROUTER_FIELDS.has(key));
	if (unknown.length > 0)
		throw bad(`Unrecognized key(s) in object: ${unknown.map((key) => `'${key}'`).join(', ')}`);
	const prompt = requireString(body, 'prompt');
	const modelId = requireString(body, 'model');
	const model = catalog.find((entry) => entry.id === modelId);
	if (!model)
		throw bad(
			`Model '${modelId}' is not a video generation model. Video models: ${catalog.map((entry) => entry.id).join(', ')}`,
		);
	if (body.duration !== undefined && !Number.isInteger(body.duration))
		throw bad('duration: expected an integer number of seconds');
	const duration = listed(model, 'duration', body.duration, model.supported_durations);
	const size = readSize(model, body);
	const frames = readFrames(model, body.frame_images);
	checkOptional(model, body);
	const reference: ReferenceImage | null = frames.first
		? { kind: 'image_url', url: frames.first, field: 'frame_images' }
		: null;
	return {
		prompt,
		model: model.id,
		seconds: String(duration ?? model.supported_durations?.[0] ?? 4),
		size,
		reference,
		frames: frames.types,
		// OpenRouter's body has no characters (new-surface.md).
		characters: [],
		callbackUrl: readCallbackUrl(body.callback_url),
	};
}
