/**
 * An OpenAI-style HTTP error, thrown by validation and route handlers. The active profile
 * turns it into its own body shape (OpenAI envelope, LiteLLM's string codes, ...).
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly type: string = 'invalid_request_error',
		readonly param: string | null = null,
		readonly code: string | null = null,
	) {
		super(message);
	}
}

export function missingParameter(param: string): ApiError {
	return new ApiError(
		400,
		`Missing required parameter: '${param}'.`,
		'invalid_request_error',
		param,
		'missing_required_parameter',
	);
}

export function invalidValue(param: string, message: string): ApiError {
	return new ApiError(400, message, 'invalid_request_error', param, 'invalid_value');
}

export function invalidType(param: string, expected: string, value: unknown): ApiError {
	return new ApiError(
		400,
		`Invalid type for '${param}': expected ${expected}, but got ${describeType(value)} instead.`,
		'invalid_request_error',
		param,
		'invalid_type',
	);
}

/** How OpenAI names a JSON value's type in its invalid_type messages. */
export function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
	if (typeof value === 'string') return 'a string';
	if (typeof value === 'boolean') return 'a boolean';
	return 'an object';
}

/** "'4', '8', or '12'" — the list style of OpenAI's messages. */
export function quotedList(values: readonly string[], conjunction: 'or' | 'and'): string {
	const quoted = values.map((v) => `'${v}'`);
	if (quoted.length <= 2) return quoted.join(` ${conjunction} `);
	return `${quoted.slice(0, -1).join(', ')}, ${conjunction} ${quoted[quoted.length - 1]}`;
}
