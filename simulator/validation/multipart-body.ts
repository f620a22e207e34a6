import type { FormPart } from '../multipart';
import { filePart, jsonReference } from './references';
import { checkCreate } from './requests';
import type { CreateRequest, CreateRules, RawReference } from './rules';

/**
 * A multipart create body: text fields, and the reference as a file part or as
 * `input_reference[image_url|file_id]` (how openai-node flattens the JSON object).
 */
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

/** The parts as plain fields (files as their bytes), for checks that read any body kind. */
export function multipartFields(parts: FormPart[]): Record<string, unknown> {
	return Object.fromEntries(
		parts.map((p) => [p.name, p.filename === null ? p.data.toString('utf8') : p.data]),
	);
}
