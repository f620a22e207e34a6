import { ApiError } from '../errors';
import { jsonReference } from './references';
import { checkCreate } from './requests';
import type { CreateRequest, CreateRules } from './rules';

/** A JSON create body: OpenAI's object, whose input_reference each profile reads its own way. */
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
