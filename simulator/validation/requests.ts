/* eslint-disable @typescript-eslint/no-unused-vars -- Node tooling, not published (DEVELOPERS.md) */
import { ApiError, invalidType } from '../errors';
import {
	checkPrompt,
	checkSeconds,
	checkSize,
	KNOWN_FIELDS,
	openaiSizes,
	optionalString,
	rejectUnknown,
} from './fields';
import { checkReferencePixels, extensionReference } from './references';
import type { CreateRequest, CreateRules, RawReference, ReferenceImage } from './rules';

/** A create or remix request from its fields, whichever body kind they came in. */

export function checkCreate(
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
	const characters = checkCharacters(fields.characters);
	return { prompt, model: requestedModel, seconds, size, reference: publicReference, characters };
}

/** `characters: [{id}]`, at most two (OpenAI's guide); a multipart body can only send text here. */
function checkCharacters(value: unknown): string[] {
	if (value === undefined) return [];
	if (!Array.isArray(value)) throw invalidType('characters', 'an array', value);
	if (value.length > 2) {
		throw new ApiError(
			400,
			`Invalid 'characters': array too long. Expected an array with maximum length 2, but got an array with length ${value.length} instead.`,
			'invalid_request_error',
			'characters',
			'array_above_max_length',
		);
	}
	return value.map((entry: unknown, index) => {
		const id = entry && typeof entry === 'object' ? (entry as Record<string, unknown>).id : entry;
		if (typeof id !== 'string') throw invalidType(`characters[${index}].id`, 'a string', id);
		return id;
	});
}

/** Remix takes only a prompt, as JSON or multipart. */
export function parseRemix(fields: Record<string, unknown>, rules: CreateRules): string {
	if (rules.rejectUnknownFields) rejectUnknown(fields, new Set(['prompt']));
	return checkPrompt(fields.prompt);
}
