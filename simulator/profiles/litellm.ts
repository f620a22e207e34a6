/* eslint-disable @typescript-eslint/no-unused-vars -- Node tooling, not published (DEVELOPERS.md) */
import { ApiError } from '../errors';
import { fastApiNotFound, jsonReply } from '../reply';
import { OPENAI_RULES } from '../validation';
import { envelope, hex, openai, openaiVideo } from './openai';
import type { Profile } from './profile';

/*
 * LiteLLM's proxy: routes mounted twice, the provider inside base64 ids, FastAPI's answers, no
 * DELETE.
 */

/** standard base64 of LiteLLM's provider-in-id string, chosen with `=` padding and no `/`. */
function litellmId(model: string): string {
	const prefix = `litellm:custom_llm_provider:openai;model_id:${model};video_id:video_`;
	for (;;) {
		// An odd total length keeps base64 padding; retry until no '/' occurs (it cannot be routed).
		const hexLength = (prefix.length + 32) % 3 === 0 ? 33 : 32;
		const raw = `${prefix}${hex(17).slice(0, hexLength)}`;
		const encoded = Buffer.from(raw, 'utf8').toString('base64');
		if (!encoded.includes('/')) return `video_${encoded}`;
	}
}

export const litellm: Profile = {
	...openai,
	name: 'litellm',
	createRules: { ...OPENAI_RULES, rejectUnknownFields: false },
	sourceRules: { multipartId: 'text', extensionUpload: false, fastApiCharacterForm: true },
	keyHeaders: ['api-key', 'x-litellm-api-key'],
	ignoresVariant: true,
	mountedAtRoot: true,
	missingRoutes: {
		// The proxy registers no DELETE; the path exists for GET, so FastAPI answers 405.
		'DELETE /videos/{id}': () => jsonReply(405, { detail: 'Method Not Allowed' }, { allow: 'GET' }),
	},
	newId: (model) => litellmId(model),
	listRequirement(query, headers) {
		if (query.get('custom_llm_provider') || headers['custom-llm-provider']) return null;
		return new ApiError(
			400,
			'LiteLLM: listing videos needs a provider; pass ?custom_llm_provider=openai or the custom-llm-provider header.',
		);
	},
	// Uvicorn decodes %2F before routing, so the id no longer matches {video_id}.
	idRejection: (rawSegment) => (/%2f/i.test(rawSegment) ? fastApiNotFound() : null),
	videoObject(job, state) {
		const { prompt: _dropped, ...video } = openaiVideo(job, state);
		const running = state.status === 'queued' || state.status === 'in_progress';
		return {
			...video,
			status: running ? 'processing' : state.status,
			progress: null,
			usage: { duration_seconds: Number(job.seconds ?? '4') },
		};
	},
	// LiteLLM's envelope: code is the HTTP status as a string, missing type/param are "None".
	error: (err) => envelope(err, err.param ?? 'None', String(err.status)),
	unknownRoute: () => fastApiNotFound(),
	contentHeaders: (job) => ({
		'content-type': 'video/mp4',
		'content-disposition': `attachment; filename=video_${job.id}.mp4`,
	}),
};
