import { ApiError, invalidType, invalidValue, quotedList } from './errors';
import { imageInfo } from './images';
import type { FormPart } from './multipart';

/**
 * Create/remix request checks, as strict as OpenAI's (its create fields, models and errors), with
 * OpenAI's status codes and messages. Profiles loosen a few rules through CreateRules.
 */

export const ALLOWED_SECONDS = ['4', '8', '12', '16', '20'] as const;
const STANDARD_SIZES = ['720x1280', '1280x720'];
const PRO_SIZES = [...STANDARD_SIZES, '1024x1792', '1792x1024', '1080x1920', '1920x1080'];
/**
 * OpenAI's own model ids and their sizes; they take only ALLOWED_SECONDS. Any other model id is
 * a gateway model (Veo, Wan, …) with its own durations and sizes (docs/protocol.md rule 5),
 * so it takes any WxH and any whole number of seconds.
 */
const MODEL_SIZES: Record<string, string[]> = {
	'sora-2': STANDARD_SIZES,
	'sora-2-2025-10-06': STANDARD_SIZES,
	'sora-2-2025-12-08': STANDARD_SIZES,
	'sora-2-pro': PRO_SIZES,
	'sora-2-pro-2025-10-06': PRO_SIZES,
};
/** Own keys only: a model named 'constructor' is a gateway model too. */
const openaiSizes = (model: string): string[] | null => (Object.hasOwn(MODEL_SIZES, model) ? MODEL_SIZES[model] : null);
const KNOWN_FIELDS = new Set(['prompt', 'model', 'seconds', 'size', 'input_reference', 'characters']);
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/webp']);

export interface CreateRules {
	/** OpenAI rejects parameters it does not know; gateways pass them on. */
	rejectUnknownFields: boolean;
	/** new-api and Bifrost take input_reference in JSON as a plain string (URL or data URL). */
	stringReference: boolean;
	/** new-api also reads an integer `duration`. */
	acceptDuration: boolean;
}

export type ReferenceImage =
	| { kind: 'file'; filename: string; contentType: string; bytes: number }
	| { kind: 'image_url'; url: string }
	| { kind: 'file_id'; fileId: string };

export interface CreateRequest {
	prompt: string;
	model: string;
	/** null when the request did not say (the object then reports the default "4"). */
	seconds: string | null;
	size: string;
	reference: ReferenceImage | null;
}

/** A reference before its pixel size can be checked against `size`. */
type RawReference = ReferenceImage & { data?: Buffer };

export function parseCreateJson(body: unknown, rules: CreateRules): CreateRequest {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw new ApiError(400, 'The request body must be a JSON object.');
	}
	const fields = body as Record<string, unknown>;
	return checkCreate(fields, jsonReference(fields.input_reference, rules), rules);
}

export function parseCreateMultipart(parts: FormPart[], rules: CreateRules): CreateRequest {
	const fields: Record<string, unknown> = {};
	const bracketed: Record<string, string> = {};
	let reference: RawReference | null = null;
	for (const part of parts) {
		const bracket = /^input_reference\[(image_url|file_id)\]$/.exec(part.name);
		if (bracket) {
			bracketed[bracket[1]] = part.data.toString('utf8');
			fields.input_reference = true;
		} else if (part.name === 'input_reference') {
			reference = filePart(part);
			fields.input_reference = true;
		} else {
			fields[part.name] = part.filename === null ? part.data.toString('utf8') : part.data;
		}
	}
	if (Object.keys(bracketed).length > 0) reference = jsonReference(bracketed, rules);
	return checkCreate(fields, reference, rules);
}

/** Remix takes only a prompt, as JSON or multipart. */
export function parseRemix(fields: Record<string, unknown>, rules: CreateRules): string {
	if (rules.rejectUnknownFields) rejectUnknown(fields, new Set(['prompt']));
	return checkPrompt(fields.prompt);
}

export function multipartFields(parts: FormPart[]): Record<string, unknown> {
	return Object.fromEntries(parts.map((p) => [p.name, p.filename === null ? p.data.toString('utf8') : p.data]));
}

function checkCreate(fields: Record<string, unknown>, reference: RawReference | null, rules: CreateRules): CreateRequest {
	if (rules.rejectUnknownFields) rejectUnknown(fields, KNOWN_FIELDS);
	const prompt = checkPrompt(fields.prompt);
	const model = optionalString(fields, 'model') ?? 'sora-2';
	let seconds = checkSeconds(model, fields.seconds);
	if (seconds === null && rules.acceptDuration && fields.duration !== undefined) seconds = String(Number(fields.duration));
	const size = checkSize(model, optionalString(fields, 'size') ?? '720x1280');
	if (reference?.data) checkReferencePixels(reference.data, size);
	let publicReference: ReferenceImage | null = null;
	if (reference) {
		const { data: _bytes, ...rest } = reference;
		publicReference = rest;
	}
	return { prompt, model, seconds, size, reference: publicReference };
}

function rejectUnknown(fields: Record<string, unknown>, known: Set<string>): void {
	for (const key of Object.keys(fields)) {
		if (!known.has(key)) {
			throw new ApiError(400, `Unknown parameter: '${key}'.`, 'invalid_request_error', key, 'unknown_parameter');
		}
	}
}

export function checkPrompt(prompt: unknown): string {
	if (prompt === undefined) {
		throw new ApiError(400, "Missing required parameter: 'prompt'.", 'invalid_request_error', 'prompt', 'missing_required_parameter');
	}
	if (typeof prompt !== 'string') throw invalidType('prompt', 'a string', prompt);
	if (prompt.length < 1) {
		throw new ApiError(
			400,
			"Invalid 'prompt': string too short. Expected a string with minimum length 1, but got an empty string instead.",
			'invalid_request_error',
			'prompt',
			'string_below_min_length',
		);
	}
	// Length in characters (code points), as a Python server's len() counts them: an emoji is one.
	const length = Array.from(prompt).length;
	if (length > 32000) {
		throw new ApiError(
			400,
			`Invalid 'prompt': string too long. Expected a string with maximum length 32000, but got a string with length ${length} instead.`,
			'invalid_request_error',
			'prompt',
			'string_above_max_length',
		);
	}
	return prompt;
}

function optionalString(fields: Record<string, unknown>, name: string): string | null {
	const value = fields[name];
	if (value === undefined) return null;
	if (typeof value !== 'string') throw invalidType(name, 'a string', value);
	return value;
}

function checkSeconds(model: string, value: unknown): string | null {
	if (value === undefined) return null;
	const openaiModel = openaiSizes(model) !== null;
	if (typeof value !== 'string') {
		throw invalidType('seconds', openaiModel ? `one of ${quotedList(ALLOWED_SECONDS, 'or')}` : 'a string', value);
	}
	if (openaiModel && !(ALLOWED_SECONDS as readonly string[]).includes(value)) {
		throw invalidValue('seconds', `Invalid value: '${value}'. Supported values are: ${quotedList(ALLOWED_SECONDS, 'and')}.`);
	}
	if (!openaiModel && !/^[1-9]\d*$/.test(value)) {
		throw invalidValue('seconds', `Invalid value: '${value}'. Expected a whole number of seconds, e.g. '5'.`);
	}
	return value;
}

export function pixelSize(size: string): { width: number; height: number } | null {
	const match = /^([1-9]\d{0,4})x([1-9]\d{0,4})$/.exec(size);
	return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
}

function checkSize(model: string, size: string): string {
	const allowed = openaiSizes(model);
	if (allowed && !allowed.includes(size)) {
		throw invalidValue(
			'size',
			`Invalid value: '${size}'. Supported values for model '${model}' are: ${quotedList(allowed, 'and')}.`,
		);
	}
	if (!pixelSize(size)) {
		throw invalidValue('size', `Invalid value: '${size}'. Expected a size formatted as WIDTHxHEIGHT, e.g. '1280x720'.`);
	}
	return size;
}

function notAFile(): ApiError {
	return invalidType('input_reference', 'a file', 'a string');
}

function filePart(part: FormPart): RawReference {
	const contentType = (part.contentType ?? '').split(';')[0].trim().toLowerCase();
	// Without a filename and an image type the server sees a text field (docs/protocol.md rule 6).
	if (!part.filename || !IMAGE_TYPES.has(contentType)) throw notAFile();
	return { kind: 'file', filename: part.filename, contentType, bytes: part.data.length, data: part.data };
}

function jsonReference(value: unknown, rules: CreateRules): RawReference | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string' && rules.stringReference) return imageUrlReference(value);
	if (typeof value !== 'object' || Array.isArray(value)) throw invalidType('input_reference', 'an object', value);
	const { image_url: imageUrl, file_id: fileId } = value as Record<string, unknown>;
	if ((imageUrl === undefined) === (fileId === undefined)) {
		throw new ApiError(
			400,
			"Invalid 'input_reference': provide exactly one of 'image_url' or 'file_id'.",
			'invalid_request_error',
			'input_reference',
			'invalid_value',
		);
	}
	if (fileId !== undefined) {
		if (typeof fileId !== 'string' || fileId === '') throw invalidType('input_reference.file_id', 'a string', fileId);
		return { kind: 'file_id', fileId };
	}
	if (typeof imageUrl !== 'string') throw invalidType('input_reference.image_url', 'a string', imageUrl);
	return imageUrlReference(imageUrl);
}

/** https URLs are taken as is (not fetched); data: URLs are decoded and checked like a file. */
function imageUrlReference(url: string): RawReference {
	if (url.length > 20971520) {
		throw invalidValue('input_reference.image_url', "Invalid 'input_reference.image_url': string too long.");
	}
	if (/^https:\/\/[^\s/]+/i.test(url)) return { kind: 'image_url', url };
	const data = /^data:([^;,]*)((?:;[^;,]*)*);base64,(.*)$/is.exec(url);
	if (!data) {
		throw invalidValue(
			'input_reference.image_url',
			"Invalid 'input_reference.image_url': expected an https URL or a base64 data URL.",
		);
	}
	if (!IMAGE_TYPES.has(data[1].toLowerCase())) {
		throw invalidValue(
			'input_reference.image_url',
			`Invalid 'input_reference.image_url': unsupported mimetype ('${data[1]}'). Supported formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
		);
	}
	return { kind: 'image_url', url: `data:${data[1]};base64,…`, data: Buffer.from(data[3], 'base64') };
}

function checkReferencePixels(bytes: Buffer, size: string): void {
	const info = imageInfo(bytes);
	if (!info) {
		throw new ApiError(
			400,
			"Invalid file 'input_reference': the bytes are not a valid JPEG, PNG or WebP image.",
			'invalid_request_error',
			'input_reference',
			'invalid_image_format',
		);
	}
	const wanted = pixelSize(size);
	if (!wanted || wanted.width !== info.width || wanted.height !== info.height) {
		throw new ApiError(400, 'Inpaint image must match the requested width and height', 'invalid_request_error', 'input_reference', null);
	}
}
