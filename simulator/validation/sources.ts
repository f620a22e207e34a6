import { ApiError, invalidType, missingParameter } from '../errors';
import type { FormPart } from '../multipart';
import type { SourceRules } from './rules';

/**
 * The `video` of an edit or an extension (api-contract §2.7–2.8): an uploaded MP4, or the id of
 * a completed video, as each server reads it (SourceRules).
 */

export type VideoSource =
	| { kind: 'id'; id: string }
	| { kind: 'file'; filename: string; contentType: string; data: Buffer };

export type SourceBody =
	| { kind: 'json'; value: unknown }
	| { kind: 'multipart'; parts: FormPart[] };

const isMp4 = (data: Buffer) => data.subarray(4, 8).toString('latin1') === 'ftyp';

/** An uploaded video, checked by its bytes (the file name and declared type prove nothing). */
export function videoFile(part: FormPart): Extract<VideoSource, { kind: 'file' }> {
	if (!isMp4(part.data)) {
		throw new ApiError(
			400,
			"Invalid file 'video': the uploaded file is not an MP4 video.",
			'invalid_request_error',
			'video',
			'invalid_file_format',
		);
	}
	return {
		kind: 'file',
		filename: part.filename ?? 'video.mp4',
		contentType: part.contentType ?? 'application/octet-stream',
		data: part.data,
	};
}

/** LiteLLM's `video_reference_to_id`: a dict's `id`, a JSON string's `id`, a plain string as is, else "". */
function litellmReference(value: unknown): string {
	if (typeof value === 'string') {
		try {
			const parsed = JSON.parse(value) as unknown;
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
				const id = (parsed as Record<string, unknown>).id;
				return typeof id === 'string' ? id : '';
			}
		} catch {
			// not JSON: the string is the id
		}
		return value;
	}
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const id = (value as Record<string, unknown>).id;
		return typeof id === 'string' ? id : '';
	}
	return '';
}

/** OpenAI's `{id}` reference in a JSON body. */
function jsonReference(value: unknown): VideoSource {
	if (value === undefined) throw missingParameter('video');
	if (!value || typeof value !== 'object' || Array.isArray(value))
		throw invalidType('video', 'an object', value);
	const id = (value as Record<string, unknown>).id;
	if (id === undefined) throw missingParameter('video.id');
	if (typeof id !== 'string') throw invalidType('video.id', 'a string', id);
	return { kind: 'id', id };
}

function multipartSource(parts: FormPart[], rules: SourceRules): VideoSource | string {
	const file = parts.find((part) => part.name === 'video' && part.filename !== null);
	if (file) return videoFile(file);
	const text = parts.find((part) => part.name === 'video');
	if (rules.multipartId === 'text') return litellmReference(text?.data.toString('utf8'));
	if (text) throw invalidType('video', 'a file or an object', 'a string');
	const bracket = parts.find((part) => part.name === 'video[id]');
	if (!bracket) throw missingParameter('video');
	return { kind: 'id', id: bracket.data.toString('utf8') };
}

/**
 * The source video of an edit or extension. LiteLLM forwards whatever id it read, an empty one
 * included, and OpenAI behind it refuses that.
 */
export function readVideoSource(body: SourceBody, rules: SourceRules): VideoSource {
	const fields = body.kind === 'json' ? (body.value as Record<string, unknown>) : null;
	const read =
		body.kind === 'json'
			? rules.multipartId === 'text'
				? litellmReference(fields?.video)
				: jsonReference(fields?.video)
			: multipartSource(body.parts, rules);
	if (typeof read !== 'string') return read;
	if (read === '') throw emptyVideoId();
	return { kind: 'id', id: read };
}

/** OpenAI's answer to the empty id LiteLLM forwards when it read none. */
export function emptyVideoId(): ApiError {
	return new ApiError(
		400,
		"Invalid 'video.id': empty string. Expected the id of a completed video.",
		'invalid_request_error',
		'video.id',
		'invalid_value',
	);
}
