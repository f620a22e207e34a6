import { randomBytes } from 'node:crypto';
import { ApiError } from '../errors';
import { CANCELLED_ERROR, ENGINE_ERROR, type Job, type JobState, MODERATION_ERROR } from '../jobs';
import { type Reply, jsonReply } from '../reply';
import { OPENAI_RULES, OPENAI_SOURCE_RULES, parseCreateJson } from '../validation';
import type { Profile, RouteName } from './profile';

/** Live OpenAI's answer on /content while queued/in_progress (BerriAI/litellm#32602). */
export const NOT_READY_MESSAGE =
	'Video is not ready yet, use GET /v1/videos/{video_id} to check its status.';

/** Random hex for ids (bytes of randomness, twice as many characters). */
export const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** The error a failed job reports, from why it failed. */
export const failureOf = (job: Job) =>
	job.failure === 'engine'
		? ENGINE_ERROR
		: job.failure === 'cancelled'
			? CANCELLED_ERROR
			: MODERATION_ERROR;

/** The 13 fields of OpenAI's Video object, as its OpenAPI file (`openapi/`) declares them. */
export function openaiVideo(job: Job, state: JobState): Record<string, unknown> {
	return {
		id: job.id,
		object: 'video',
		model: job.model,
		status: state.status,
		progress: Math.floor(state.progress),
		created_at: Math.floor(job.createdMs / 1000),
		completed_at: state.completedAt,
		expires_at: state.expiresAt,
		prompt: job.prompt,
		size: job.size,
		seconds: job.seconds ?? '4',
		remixed_from_video_id: job.remixedFrom,
		error: state.status === 'failed' ? { ...failureOf(job) } : null,
	};
}

type RouteAnswer = (method: string, path: string) => Reply;

/**
 * The edit, extension and character routes (March 2026) as a server without them answers: a
 * FastAPI server 405 for a POST whose path its GET /videos/{video_id} matches and 404 for the
 * character GET; a Go router 404 for all four (new-surface.md).
 */
export function lacksNewSurface(
	post: RouteAnswer,
	get: RouteAnswer = post,
): Partial<Record<RouteName, RouteAnswer>> {
	return {
		'POST /videos/edits': post,
		'POST /videos/extensions': post,
		'POST /videos/characters': post,
		'GET /videos/characters/{id}': get,
	};
}

export function envelope(err: ApiError, param: unknown, code: unknown): Reply {
	return jsonReply(err.status, { error: { message: err.message, type: err.type, param, code } });
}

/** OpenAI's own API as it last existed: the strict baseline every other profile starts from. */
export const openai: Profile = {
	name: 'openai',
	createStatus: 200,
	createRules: OPENAI_RULES,
	sourceRules: OPENAI_SOURCE_RULES,
	openaiRequestShape: true,
	parseJson: parseCreateJson,
	refuseEncoding: () => null,
	requiresKey: true,
	keyHeaders: ['api-key'],
	rawAuthorization: false,
	ignoresVariant: false,
	contentAsJson: false,
	list: 'cursor',
	listDefaultLimit: 20,
	listsServedModel: false,
	jobModel: (requested) => requested ?? 'sora-2',
	modelPrefix: '',
	basePath: '/v1',
	mountedAtRoot: false,
	videoModels: null,
	publicRoutes: [],
	webPage: () => null,
	missingRoutes: {},
	newId: () => `video_${hex(24)}`,
	splitModel: (requested) => ({ model: requested, provider: null }),
	listRequirement: () => null,
	idRejection: () => null,
	videoObject: (job, state) => openaiVideo(job, state),
	retrieveStatus: () => 200,
	error: (err) => envelope(err, err.param, err.code),
	unknownVideo(id) {
		return this.error(
			new ApiError(404, `Video with id '${id}' not found.`, 'invalid_request_error', null, null),
		);
	},
	notReady(job, state) {
		const message =
			state.status === 'failed'
				? `Video ${job.id} failed to generate; it has no content to download.`
				: NOT_READY_MESSAGE;
		return this.error(new ApiError(404, message, 'invalid_request_error', null, null));
	},
	unknownRoute: (method, path) =>
		jsonReply(404, {
			error: {
				message: `Invalid URL (${method} ${path})`,
				type: 'invalid_request_error',
				param: null,
				code: null,
			},
		}),
	refusedVariant: () => null,
	deletesRunningJobs: false,
	deleted: (id) => ({ id, object: 'video.deleted', deleted: true }),
	contentHeaders: () => ({}),
};
