/* eslint-disable @typescript-eslint/no-unused-vars -- Node tooling, not published (DEVELOPERS.md) */
import { ApiError } from '../errors';
import { jsonReply } from '../reply';
import { OPENAI_RULES } from '../validation';
import { hex, lacksNewSurface, openai, openaiVideo } from './openai';
import type { Profile } from './profile';

/*
 * Bifrost's gateway: JSON-only create, provider/model names, id:provider ids, its own error JSON.
 */

/** Bifrost's newest handler serves edits (JSON, a video by id); extensions and characters are unknown routes. */
const { 'POST /videos/edits': _served, ...withoutEdits } = lacksNewSurface((method, path) =>
	openai.unknownRoute(method, path),
);

/** The provider an id names after its last colon (`video_<hex>:openai`). */
const providerOf = (id: string) => id.slice(id.lastIndexOf(':') + 1);

export const bifrost: Profile = {
	...openai,
	name: 'bifrost',
	createRules: { ...OPENAI_RULES, rejectUnknownFields: false, stringReference: true },
	openaiRequestShape: false,
	refuseEncoding: (kind) => (kind === 'json' ? null : new ApiError(400, 'Invalid request format')),
	modelPrefix: 'openai/',
	missingRoutes: withoutEdits,
	newId: (_model, provider) => `video_${hex(24)}:${provider ?? 'openai'}`,
	splitModel(requested) {
		const slash = typeof requested === 'string' ? requested.indexOf('/') : -1;
		if (typeof requested !== 'string' || slash <= 0 || slash === requested.length - 1) {
			throw new ApiError(400, 'provider is required in model field (format: provider/model)');
		}
		return { model: requested.slice(slash + 1), provider: requested.slice(0, slash) };
	},
	listRequirement: (query) =>
		query.get('provider') ? null : new ApiError(400, 'provider query parameter is required'),
	idRejection(_raw, id) {
		return id.includes(':')
			? null
			: this.error(new ApiError(400, 'video_id must be in id:provider format'));
	},
	videoObject(job, state, context) {
		const provider = providerOf(job.id);
		return {
			...openaiVideo(job, state),
			progress: Math.round(state.progress * 10) / 10,
			videos:
				state.status === 'completed'
					? [{ type: 'url', url: context.fileUrl, content_type: 'video/mp4' }]
					: [],
			usage: { cost: Number(job.seconds ?? '4') * (job.model.includes('pro') ? 0.3 : 0.1) },
			extra_fields: {
				provider,
				model_requested: `${provider}/${job.model}`,
				request_type: 'video_retrieve',
			},
		};
	},
	error: (err) =>
		jsonReply(err.status, {
			is_bifrost_error: true,
			status_code: err.status,
			error: { type: err.type, code: err.code, message: err.message },
		}),
	deleted: (id) => ({
		id,
		deleted: true,
		object: 'video.deleted',
		extra_fields: { provider: providerOf(id), request_type: 'video_delete' },
	}),
};
