import { randomBytes } from 'node:crypto';
import { ApiError, invalidType, missingParameter } from '../errors';
import type { FormPart } from '../multipart';
import { type Reply, jsonReply } from '../reply';
import { checkRequestSchema, multipartForSchema, readBody } from './body';
import { type ApiContext, type ApiRequest, uploadedVideo } from './context';
import type { Character } from '../characters';
import { videoFile } from '../validation/sources';

/**
 * POST /videos/characters (multipart only: `name` 1–80 and an MP4 `video`) and
 * GET /videos/characters/{id}, answering OpenAI's VideoCharacter `{id, name, created_at}`; and
 * the check of the characters a create casts.
 */

const characterObject = (character: Character) => ({
	id: character.id,
	name: character.name,
	created_at: Math.floor(character.createdMs / 1000),
});

/** FastAPI's 422 for form fields a route declares (LiteLLM's character route). */
interface FormProblem {
	type: string;
	loc: string[];
	msg: string;
	input: string | null;
}

function fastApiFormError(parts: FormPart[]): Reply | null {
	const problems = ['name', 'video'].flatMap((field): FormProblem[] => {
		const part = parts.find((entry) => entry.name === field);
		if (!part)
			return [{ type: 'missing', loc: ['body', field], msg: 'Field required', input: null }];
		if (field === 'video' && part.filename === null) {
			const msg = "Value error, Expected UploadFile, received: <class 'str'>";
			return [
				{ type: 'value_error', loc: ['body', field], msg, input: part.data.toString('utf8') },
			];
		}
		return [];
	});
	return problems.length ? jsonReply(422, { detail: problems }) : null;
}

function checkName(part: FormPart | undefined): string {
	if (!part) throw missingParameter('name');
	const name = part.data.toString('utf8');
	const length = Array.from(name).length;
	if (length < 1 || length > 80) {
		const [kind, bound] =
			length < 1 ? ['short', 'minimum length 1'] : ['long', 'maximum length 80'];
		throw new ApiError(
			400,
			`Invalid 'name': string too ${kind}. Expected a string with ${bound}, but got a string with length ${length} instead.`,
			'invalid_request_error',
			'name',
			length < 1 ? 'string_below_min_length' : 'string_above_max_length',
		);
	}
	return name;
}

export function createCharacter(ctx: ApiContext, req: ApiRequest): Reply {
	const profile = ctx.profile();
	const body = readBody(req);
	const parts = body.kind === 'multipart' ? body.parts : [];
	if (profile.sourceRules.fastApiCharacterForm) {
		const refused = fastApiFormError(parts);
		if (refused) return refused;
	} else if (body.kind !== 'multipart') {
		throw new ApiError(
			400,
			`Invalid Content-Type header (${String(req.headers['content-type'] ?? 'none')}), expected multipart/form-data.`,
		);
	}
	const name = checkName(parts.find((part) => part.name === 'name'));
	const video = parts.find((part) => part.name === 'video');
	if (!video) throw missingParameter('video');
	if (video.filename === null) throw invalidType('video', 'a file', 'a string');
	const file = videoFile(video);
	if (ctx.options().validateRequests && profile.openaiRequestShape)
		checkRequestSchema('CreateVideoCharacterBody', multipartForSchema(parts));
	const character: Character = {
		id: `char_${randomBytes(16).toString('hex')}`,
		name,
		createdMs: ctx.options().now(),
		upload: uploadedVideo(file),
	};
	ctx.characters.add(character);
	return jsonReply(200, characterObject(character));
}

export function getCharacter(ctx: ApiContext, req: ApiRequest): Reply {
	let id: string;
	try {
		id = decodeURIComponent(req.rawId ?? '');
	} catch {
		id = req.rawId ?? '';
	}
	const character = ctx.characters.get(id);
	if (!character) throw new ApiError(404, `Character with id '${id}' not found.`);
	return jsonReply(200, characterObject(character));
}

/**
 * The characters a create casts: each must exist, and its name must appear verbatim in the
 * prompt (OpenAI's guide).
 */
export function checkCast(ctx: ApiContext, ids: string[], prompt: string): void {
	for (const id of ids) {
		const character = ctx.characters.get(id);
		if (!character) {
			throw new ApiError(
				404,
				`Character with id '${id}' not found.`,
				'invalid_request_error',
				'characters',
			);
		}
		if (!prompt.includes(character.name)) {
			throw new ApiError(
				400,
				`Invalid 'prompt': it must mention each character by name, and '${character.name}' (${id}) is not in it.`,
				'invalid_request_error',
				'prompt',
				'invalid_value',
			);
		}
	}
}
