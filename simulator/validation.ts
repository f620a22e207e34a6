import { ApiError, invalidType, invalidValue, missingParameter, quotedList } from './errors';
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
const openaiSizes = (model: string): string[] | null =>
	Object.hasOwn(MODEL_SIZES, model) ? MODEL_SIZES[model] : null;
const KNOWN_FIELDS = new Set([
	'prompt',
	'model',
	'seconds',
	'size',
	'input_reference',
	'characters',
]);
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/webp']);

export interface CreateRules {
	/** OpenAI rejects parameters it does not know; gateways pass them on. */
	rejectUnknownFields: boolean;
	/** The fields a server that rejects unknown ones knows (TensorRT-LLM's differ); OpenAI's by default. */
	knownFields?: readonly string[];
	/** new-api and Bifrost take input_reference in JSON as a plain string (URL or data URL). */
	stringReference: boolean;
	/** new-api also reads an integer `duration`. */
	acceptDuration: boolean;
	/**
	 * OpenAI's own model ids get OpenAI's sizes and seconds. False on self-hosted servers, which run
	 * their own model whatever the request calls it.
	 */
	openaiModelRules: boolean;
	/** input_reference is an uploaded file only (vLLM-Omni, SGLang): an object is refused, `input_reference[image_url]` ignored. */
	inputReferenceFileOnly: boolean;
	/**
	 * Where a URL reference goes instead of input_reference (self-hosted-servers.md): a plain URL
	 * (SGLang's reference_url, TensorRT-LLM's image_reference) or a JSON string
	 * {"image_url": …} (vLLM-Omni's image_reference form field).
	 */
	urlReference: { field: string; form: 'string' | 'jsonString' } | null;
}

/** OpenAI's rules; every profile starts from them. */
export const OPENAI_RULES: CreateRules = {
	rejectUnknownFields: true,
	stringReference: false,
	acceptDuration: false,
	openaiModelRules: true,
	inputReferenceFileOnly: false,
	urlReference: null,
};

/** A reference image as the server read it; `field` is the request field it came in. */
export type ReferenceImage = { field: string } & (
	| { kind: 'file'; filename: string; contentType: string; bytes: number }
	| { kind: 'image_url'; url: string }
	| { kind: 'file_id'; fileId: string }
);

export interface CreateRequest {
	prompt: string;
	/** null when the request named no model: the profile decides which one runs. */
	model: string | null;
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
	const reference = fields.input_reference;
	if (rules.inputReferenceFileOnly && reference !== undefined && typeof reference !== 'string') {
		throw new ApiError(
			400,
			'Invalid request body: input_reference: Input should be a valid string',
			'invalid_request_error',
			'input_reference',
		);
	}
	if (rules.inputReferenceFileOnly && typeof reference === 'string') {
		// SGLang passes a JSON string input_reference through as an image path or URL.
		return checkCreate(
			fields,
			{ kind: 'image_url', url: reference, field: 'input_reference' },
			rules,
		);
	}
	return checkCreate(fields, jsonReference(reference, rules), rules);
}

export function parseCreateMultipart(parts: FormPart[], rules: CreateRules): CreateRequest {
	const fields: Record<string, unknown> = {};
	const bracketed: Record<string, string> = {};
	let reference: RawReference | null = null;
	for (const part of parts) {
		const bracket = /^input_reference\[(image_url|file_id)\]$/.exec(part.name);
		// A server that reads input_reference as a file only never sees these keys: the job runs without the image.
		if (bracket && rules.inputReferenceFileOnly) continue;
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
	return Object.fromEntries(
		parts.map((p) => [p.name, p.filename === null ? p.data.toString('utf8') : p.data]),
	);
}

function checkCreate(
	fields: Record<string, unknown>,
	inputReference: RawReference | null,
	rules: CreateRules,
): CreateRequest {
	if (rules.rejectUnknownFields) rejectUnknown(fields, new Set(rules.knownFields ?? KNOWN_FIELDS));
	const prompt = checkPrompt(fields.prompt);
	const requestedModel = optionalString(fields, 'model');
	const model = requestedModel ?? 'sora-2';
	const allowedSizes = rules.openaiModelRules ? openaiSizes(model) : null;
	let seconds = checkSeconds(allowedSizes !== null, fields.seconds);
	if (seconds === null && rules.acceptDuration && fields.duration !== undefined)
		seconds = String(Number(fields.duration));
	const size = checkSize(model, allowedSizes, optionalString(fields, 'size') ?? '720x1280');
	const urlReference =
		rules.urlReference && extensionReference(fields[rules.urlReference.field], rules.urlReference);
	if (inputReference && urlReference) {
		throw new ApiError(
			400,
			`Provide only one of input_reference or ${urlReference.field}.`,
			'invalid_request_error',
			urlReference.field,
		);
	}
	const reference = inputReference ?? urlReference;
	if (reference?.data) checkReferencePixels(reference.data, size);
	let publicReference: ReferenceImage | null = null;
	if (reference) {
		const { data: _bytes, ...rest } = reference;
		publicReference = rest;
	}
	return { prompt, model: requestedModel, seconds, size, reference: publicReference };
}

function rejectUnknown(fields: Record<string, unknown>, known: Set<string>): void {
	for (const key of Object.keys(fields)) {
		if (!known.has(key)) {
			throw new ApiError(
				400,
				`Unknown parameter: '${key}'.`,
				'invalid_request_error',
				key,
				'unknown_parameter',
			);
		}
	}
}

export function checkPrompt(prompt: unknown): string {
	if (prompt === undefined) throw missingParameter('prompt');
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

function checkSeconds(openaiModel: boolean, value: unknown): string | null {
	if (value === undefined) return null;
	if (typeof value !== 'string') {
		throw invalidType(
			'seconds',
			openaiModel ? `one of ${quotedList(ALLOWED_SECONDS, 'or')}` : 'a string',
			value,
		);
	}
	if (openaiModel && !(ALLOWED_SECONDS as readonly string[]).includes(value)) {
		throw invalidValue(
			'seconds',
			`Invalid value: '${value}'. Supported values are: ${quotedList(ALLOWED_SECONDS, 'and')}.`,
		);
	}
	if (!openaiModel && !/^[1-9]\d*$/.test(value)) {
		throw invalidValue(
			'seconds',
			`Invalid value: '${value}'. Expected a whole number of seconds, e.g. '5'.`,
		);
	}
	return value;
}

export function pixelSize(size: string): { width: number; height: number } | null {
	const match = /^([1-9]\d{0,4})x([1-9]\d{0,4})$/.exec(size);
	return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
}

function checkSize(model: string, allowed: string[] | null, size: string): string {
	if (allowed && !allowed.includes(size)) {
		throw invalidValue(
			'size',
			`Invalid value: '${size}'. Supported values for model '${model}' are: ${quotedList(allowed, 'and')}.`,
		);
	}
	if (!pixelSize(size)) {
		throw invalidValue(
			'size',
			`Invalid value: '${size}'. Expected a size formatted as WIDTHxHEIGHT, e.g. '1280x720'.`,
		);
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
	return {
		kind: 'file',
		field: part.name,
		filename: part.filename,
		contentType,
		bytes: part.data.length,
		data: part.data,
	};
}

function jsonReference(value: unknown, rules: CreateRules): RawReference | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string' && rules.stringReference) return imageUrlReference(value);
	if (typeof value !== 'object' || Array.isArray(value))
		throw invalidType('input_reference', 'an object', value);
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
		if (typeof fileId !== 'string' || fileId === '')
			throw invalidType('input_reference.file_id', 'a string', fileId);
		return { kind: 'file_id', fileId, field: 'input_reference' };
	}
	if (typeof imageUrl !== 'string')
		throw invalidType('input_reference.image_url', 'a string', imageUrl);
	return imageUrlReference(imageUrl);
}

/** https URLs are taken as is (not fetched); data: URLs are decoded and checked like a file. */
function imageUrlReference(url: string): RawReference {
	if (url.length > 20971520) {
		throw invalidValue(
			'input_reference.image_url',
			"Invalid 'input_reference.image_url': string too long.",
		);
	}
	if (/^https:\/\/[^\s/]+/i.test(url)) return { kind: 'image_url', url, field: 'input_reference' };
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
	return {
		kind: 'image_url',
		url: `data:${data[1]};base64,…`,
		field: 'input_reference',
		data: Buffer.from(data[3], 'base64'),
	};
}

/**
 * A URL reference in a self-hosted server's own field. These servers fetch http(s) too and resize
 * the image to the output size, so neither the scheme nor the pixel size is OpenAI's rule here.
 */
function extensionReference(
	value: unknown,
	rule: NonNullable<CreateRules['urlReference']>,
): RawReference | null {
	if (value === undefined) return null;
	const { field, form } = rule;
	let url: unknown = value;
	if (form === 'jsonString') {
		let parsed: unknown;
		try {
			parsed = typeof value === 'string' ? JSON.parse(value) : value;
		} catch {
			throw new ApiError(400, 'Invalid JSON in form field.', 'invalid_request_error', field);
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new ApiError(
				400,
				`Invalid JSON in form field: expected dict, got ${Array.isArray(parsed) ? 'list' : typeof parsed}.`,
				'invalid_request_error',
				field,
			);
		}
		const object = parsed as Record<string, unknown>;
		if (object.file_id !== undefined)
			throw new ApiError(
				400,
				`Invalid ${field}: file_id is not supported yet.`,
				'invalid_request_error',
				field,
			);
		url = object.image_url;
	}
	if (typeof url !== 'string' || !/^(https?:\/\/\S+|data:image\/)/i.test(url)) {
		throw new ApiError(
			400,
			`Invalid ${field}: must be an http(s) URL or data URL.`,
			'invalid_request_error',
			field,
		);
	}
	return { kind: 'image_url', url: url.startsWith('data:') ? 'data:…' : url, field };
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
		throw new ApiError(
			400,
			'Inpaint image must match the requested width and height',
			'invalid_request_error',
			'input_reference',
			null,
		);
	}
}
