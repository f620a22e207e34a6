/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validation against the project's copy of OpenAI's OpenAPI file (simulator/openapi/).
 * The only module that knows about ajv and OpenAPI quirks.
 *
 * Amendments, each one a documented fact the generated spec lags behind:
 * - `VideoSeconds` gains "16" and "20" (added to the API in March 2026, per OpenAI's guide), and
 *   any whole number, because unknown (gateway) models accept other durations (docs/protocol.md rule 5);
 * - `VideoSize` gains 1920x1080 / 1080x1920 (same), and any WIDTHxHEIGHT, because unknown
 *   (gateway) models accept any size; the simulator's own per-model table does the strict check;
 * - `ErrorEnvelope` is added: the HTTP error body `{error: {message, type, param, code}}`, which the file does not declare.
 */

export type SchemaName =
	| 'VideoResource'
	| 'VideoListResource'
	| 'DeletedVideoResource'
	| 'CreateVideoJsonBody'
	| 'CreateVideoMultipartBody'
	| 'CreateVideoRemixBody'
	| 'CreateVideoEditJsonBody'
	| 'CreateVideoEditMultipartBody'
	| 'CreateVideoExtendJsonBody'
	| 'CreateVideoExtendMultipartBody'
	| 'CreateVideoCharacterBody'
	| 'VideoCharacterResource'
	| 'ErrorEnvelope';

type JsonObject = Record<string, unknown>;

function loadSpec(): JsonObject {
	const spec = JSON.parse(
		readFileSync(join(__dirname, 'openapi', 'videos.openapi.json'), 'utf8'),
	) as JsonObject;
	const schemas = (spec.components as JsonObject).schemas as JsonObject;
	schemas.VideoSeconds = {
		anyOf: [
			{ type: 'string', enum: ['4', '8', '12', '16', '20'] },
			{ type: 'string', pattern: '^[1-9][0-9]*$' },
		],
	};
	schemas.VideoSize = {
		anyOf: [
			{
				type: 'string',
				enum: ['720x1280', '1280x720', '1024x1792', '1792x1024', '1080x1920', '1920x1080'],
			},
			{ type: 'string', pattern: '^[1-9][0-9]*x[1-9][0-9]*$' },
		],
	};
	schemas.ErrorEnvelope = {
		type: 'object',
		required: ['error'],
		properties: {
			error: {
				type: 'object',
				required: ['message', 'type', 'param', 'code'],
				properties: {
					message: { type: 'string' },
					type: { type: 'string' },
					param: { anyOf: [{ type: 'string' }, { type: 'null' }] },
					code: { anyOf: [{ type: 'string' }, { type: 'null' }] },
				},
			},
		},
	};
	return convertNullable(spec) as JsonObject;
}

/** OpenAPI 3.0 `nullable: true` is not JSON Schema; rewrite it as anyOf [schema, null]. */
function convertNullable(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(convertNullable);
	if (node === null || typeof node !== 'object') return node;
	const { nullable, ...rest } = node as JsonObject;
	const converted = Object.fromEntries(
		Object.entries(rest).map(([k, v]) => [k, convertNullable(v)]),
	);
	return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

let ajv: Ajv | null = null;
const compiled = new Map<SchemaName, ValidateFunction>();

function validatorFor(name: SchemaName): ValidateFunction {
	if (!ajv) {
		// strict: false because the file carries OpenAPI/vendor keywords (x-stainless-const, example…).
		ajv = new Ajv({ strict: false, allErrors: true });
		addFormats(ajv);
		ajv.addFormat('unixtime', true);
		ajv.addFormat('binary', true);
		ajv.addSchema(loadSpec(), 'openapi');
	}
	let validate = compiled.get(name);
	if (!validate) {
		validate = ajv.getSchema(`openapi#/components/schemas/${name}`);
		if (!validate) throw new Error(`schema ${name} not found in the OpenAPI file`);
		compiled.set(name, validate);
	}
	return validate;
}

/** Null when `value` matches the schema, else a one-line description of every violation. */
export function schemaErrors(name: SchemaName, value: unknown): string | null {
	const validate = validatorFor(name);
	if (validate(value)) return null;
	return (validate.errors ?? [])
		.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
		.join('; ');
}
