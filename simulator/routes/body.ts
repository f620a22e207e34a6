/* eslint-disable @n8n/community-nodes/require-node-api-error -- Node tooling, not published (DEVELOPERS.md) */
import { ApiError } from '../errors';
import { boundaryOf, type FormPart, parseMultipart } from '../multipart';
import { type SchemaName, schemaErrors } from '../schema';
import { multipartFields } from '../validation';
import type { ApiRequest } from './context';

/** Request bodies of the create and remix routes: their kind, their fields, their schema check. */

export type Body =
	| { kind: 'json'; value: unknown }
	| { kind: 'multipart'; parts: FormPart[] }
	| { kind: 'empty' };

export function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function readBody(req: ApiRequest): Body {
	if (req.body.length === 0) return { kind: 'empty' };
	const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
	if (contentType.startsWith('application/json')) {
		try {
			return { kind: 'json', value: JSON.parse(req.body.toString('utf8')) as unknown };
		} catch {
			throw new ApiError(
				400,
				"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
			);
		}
	}
	if (contentType.startsWith('multipart/form-data')) {
		const boundary = boundaryOf(String(req.headers['content-type']));
		const parts = boundary ? parseMultipart(req.body, boundary) : null;
		if (!parts) throw new ApiError(400, 'Could not parse multipart form data.');
		return { kind: 'multipart', parts };
	}
	throw new ApiError(
		400,
		`Invalid Content-Type header (${contentType || 'none'}), expected multipart/form-data or application/json.`,
	);
}

/** The fields of a body of any kind ({} when empty), for rules that read them whatever the encoding. */
export function fieldsOf(body: Body): unknown {
	if (body.kind === 'json') return body.value;
	return body.kind === 'multipart' ? multipartFields(body.parts) : {};
}

/** Multipart fields as the request schema sees them: files as strings, bracket keys as objects. */
export function multipartForSchema(parts: FormPart[]): Record<string, unknown> {
	const shaped: Record<string, unknown> = {};
	for (const part of parts) {
		const bracket = /^(\w+)\[(\w+)\]$/.exec(part.name);
		if (bracket) {
			const inner = (shaped[bracket[1]] ?? {}) as Record<string, unknown>;
			shaped[bracket[1]] = { ...inner, [bracket[2]]: part.data.toString('utf8') };
		} else {
			shaped[part.name] = part.filename === null ? part.data.toString('utf8') : '<binary>';
		}
	}
	return shaped;
}

export function checkRequestSchema(name: SchemaName, value: unknown): void {
	const problems = schemaErrors(name, value);
	if (problems)
		throw new ApiError(400, `Request body does not match the OpenAPI schema ${name}: ${problems}`);
}
