import { ApiError, invalidType, invalidValue, missingParameter, quotedList } from '../errors';

/** The checks of single create fields, with OpenAI's status codes, codes and messages. */

const ALLOWED_SECONDS = ['4', '8', '12', '16', '20'] as const;
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
export const openaiSizes = (model: string): string[] | null =>
	Object.hasOwn(MODEL_SIZES, model) ? MODEL_SIZES[model] : null;
/** Every size one of OpenAI's own models takes, in the table's order. */
export const allOpenaiSizes = (): string[] => [...new Set(Object.values(MODEL_SIZES).flat())];
export const KNOWN_FIELDS = new Set([
	'prompt',
	'model',
	'seconds',
	'size',
	'input_reference',
	'characters',
]);

export function rejectUnknown(fields: Record<string, unknown>, known: Set<string>): void {
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

export function optionalString(fields: Record<string, unknown>, name: string): string | null {
	const value = fields[name];
	if (value === undefined) return null;
	if (typeof value !== 'string') throw invalidType(name, 'a string', value);
	return value;
}

export function checkSeconds(openaiModel: boolean, value: unknown): string | null {
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

export function checkSize(model: string, allowed: string[] | null, size: string): string {
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
