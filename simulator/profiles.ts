import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './errors';
import { type Job, type JobState, MODERATION_ERROR } from './jobs';
import { type Reply, fastApiNotFound, jsonReply } from './reply';
import type { ServerProfile } from './types';
import type { CreateRules } from './validation';

/**
 * Server profiles: how each server that speaks the protocol today differs from OpenAI
 * (docs/protocol.md lists the differences the node tolerates). `openai` is the strict baseline;
 * every other profile is the baseline with a few members overridden, so each difference is
 * written once, here.
 */

export type RouteName =
	| 'POST /videos'
	| 'GET /videos'
	| 'GET /videos/{id}'
	| 'DELETE /videos/{id}'
	| 'GET /videos/{id}/content'
	| 'POST /videos/{id}/remix'
	| 'GET /models'
	| 'GET /files/{id}';

export interface VideoContext {
	/**
	 * Signed URL serving the job's MP4 without auth, on the simulator's second origin, as a
	 * provider's storage would (new-api's metadata.url, Bifrost's videos[].url). Not the /content
	 * route, so it still serves the file while contentFailures refuses /content.
	 */
	fileUrl: string;
	/** True for the answer to the create call itself. */
	fresh: boolean;
}

export interface Profile {
	name: ServerProfile;
	createStatus: number;
	createRules: CreateRules;
	/** The create body has OpenAI's shape, so the OpenAPI request schema applies. */
	openaiRequestShape: boolean;
	/** Bifrost decodes create bodies as JSON only. */
	jsonOnlyCreate: boolean;
	/** Headers whose value may be the bare key (besides Authorization: Bearer). */
	keyHeaders: string[];
	/** new-api (one-api family) also takes the key in Authorization without "Bearer". */
	rawAuthorization: boolean;
	/** /content serves the MP4 whatever `variant` says. */
	ignoresVariant: boolean;
	/** /content answers JSON with a URL instead of bytes. */
	contentAsJson: boolean;
	/** List pages carry first_id/last_id/has_more and honour limit/after. */
	listCursor: boolean;
	modelPrefix: string;
	/** The routes answer at the root as well as under /v1 (LiteLLM mounts each route twice). */
	mountedAtRoot: boolean;
	/** The answer, before any auth, to a path no route matched; null = the JSON unknownRoute. */
	webPage(path: string): Reply | null;
	/** Routes this server does not have, with what it answers instead. */
	missingRoutes: Partial<Record<RouteName, (method: string, path: string) => Reply>>;
	newId(model: string, provider: string | null): string;
	/** Splits the requested model into the model the job runs and a provider; may refuse it. */
	splitModel(requested: unknown): { model: unknown; provider: string | null };
	/** An error when the list call lacks a hint this server needs. */
	listRequirement(query: URLSearchParams, headers: IncomingHttpHeaders): ApiError | null;
	/** A reply for an id segment this server refuses before any lookup, or null. */
	idRejection(rawSegment: string, id: string): Reply | null;
	videoObject(job: Job, state: JobState, context: VideoContext): Record<string, unknown>;
	error(err: ApiError): Reply;
	unknownVideo(id: string, route: RouteName): Reply;
	notReady(job: Job, state: JobState): Reply;
	unknownRoute(method: string, path: string): Reply;
	deleted(id: string): Record<string, unknown>;
	contentHeaders(job: Job): Record<string, string>;
}

/** Live OpenAI's answer on /content while queued/in_progress (BerriAI/litellm#32602). */
export const NOT_READY_MESSAGE = 'Video is not ready yet, use GET /v1/videos/{video_id} to check its status.';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** The 13 fields of OpenAI's Video object, as its OpenAPI file (`openapi/`) declares them. */
function openaiVideo(job: Job, state: JobState): Record<string, unknown> {
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
		error: state.status === 'failed' ? { ...MODERATION_ERROR } : null,
	};
}

function envelope(err: ApiError, param: unknown, code: unknown): Reply {
	return jsonReply(err.status, { error: { message: err.message, type: err.type, param, code } });
}

const openai: Profile = {
	name: 'openai',
	createStatus: 200,
	createRules: { rejectUnknownFields: true, stringReference: false, acceptDuration: false },
	openaiRequestShape: true,
	jsonOnlyCreate: false,
	keyHeaders: ['api-key'],
	rawAuthorization: false,
	ignoresVariant: false,
	contentAsJson: false,
	listCursor: true,
	modelPrefix: '',
	mountedAtRoot: false,
	webPage: () => null,
	missingRoutes: {},
	newId: () => `video_${hex(24)}`,
	splitModel: (requested) => ({ model: requested, provider: null }),
	listRequirement: () => null,
	idRejection: () => null,
	videoObject: (job, state) => openaiVideo(job, state),
	error: (err) => envelope(err, err.param, err.code),
	unknownVideo(id) {
		return this.error(new ApiError(404, `Video with id '${id}' not found.`, 'invalid_request_error', null, null));
	},
	notReady(job, state) {
		const message =
			state.status === 'failed' ? `Video ${job.id} failed to generate; it has no content to download.` : NOT_READY_MESSAGE;
		return this.error(new ApiError(404, message, 'invalid_request_error', null, null));
	},
	unknownRoute: (method, path) =>
		jsonReply(404, { error: { message: `Invalid URL (${method} ${path})`, type: 'invalid_request_error', param: null, code: null } }),
	deleted: (id) => ({ id, object: 'video.deleted', deleted: true }),
	contentHeaders: () => ({}),
};

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

const litellm: Profile = {
	...openai,
	name: 'litellm',
	createRules: { rejectUnknownFields: false, stringReference: false, acceptDuration: false },
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

/** new-api's internal upper-case task status, which its "not completed" message shows. */
const NEWAPI_TASK_STATUS: Record<JobState['status'], string> = {
	queued: 'NOT_START',
	in_progress: 'IN_PROGRESS',
	completed: 'SUCCESS',
	failed: 'FAILURE',
};

/** A stand-in for new-api's web UI (a single-page app: one index.html for every path). */
const NEWAPI_INDEX_HTML =
	'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>New API</title></head>' +
	'<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>\n';

const newapi: Profile = {
	...openai,
	name: 'newapi',
	createRules: { rejectUnknownFields: false, stringReference: true, acceptDuration: true },
	openaiRequestShape: false,
	rawAuthorization: true,
	ignoresVariant: true,
	// router/web-router.go: NoRoute relays a JSON 404 for paths starting /v1, /api or /assets (a
	// plain string prefix, so /v1beta too) and serves the web UI's index.html, 200, for the rest.
	webPage: (path) =>
		/^\/(v1|api|assets)/.test(path)
			? null
			: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }, body: Buffer.from(NEWAPI_INDEX_HTML) },
	missingRoutes: {
		'GET /videos': (method, path) => newapi.unknownRoute(method, path),
		'DELETE /videos/{id}': (method, path) => newapi.unknownRoute(method, path),
	},
	newId: () => `task_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`,
	videoObject(job, state, context) {
		// Go's omitempty: optional fields are absent rather than null.
		const video: Record<string, unknown> = {
			id: job.id,
			task_id: job.id,
			object: 'video',
			model: job.model,
			status: state.status === 'queued' && !context.fresh ? 'unknown' : state.status,
			progress: Math.floor(state.progress),
			created_at: Math.floor(job.createdMs / 1000),
		};
		if (state.completedAt !== null) video.completed_at = state.completedAt;
		if (state.expiresAt !== null) video.expires_at = state.expiresAt;
		if (job.seconds !== null) video.seconds = job.seconds;
		video.size = job.size;
		if (job.remixedFrom) video.remixed_from_video_id = job.remixedFrom;
		if (state.status === 'failed') video.error = { message: MODERATION_ERROR.message, code: MODERATION_ERROR.code };
		if (state.status === 'completed') video.metadata = { url: context.fileUrl };
		return video;
	},
	error: (err) => envelope(err, err.param ?? '', err.code ?? ''),
	unknownVideo: (_id, route) =>
		jsonReply(route === 'GET /videos/{id}/content' ? 404 : 400, { code: 'task_not_exist', message: 'task_not_exist', data: null }),
	notReady: (_job, state) =>
		jsonReply(400, {
			error: {
				message: `Task is not completed yet, current status: ${NEWAPI_TASK_STATUS[state.status]}`,
				type: 'invalid_request_error',
			},
		}),
	unknownRoute: (method, path) =>
		jsonReply(404, { error: { message: `Invalid URL (${method} ${path})`, type: 'invalid_request_error', param: '', code: '' } }),
	contentHeaders: () => ({ 'cache-control': 'public, max-age=86400' }),
};

const bifrost: Profile = {
	...openai,
	name: 'bifrost',
	createRules: { rejectUnknownFields: false, stringReference: true, acceptDuration: false },
	openaiRequestShape: false,
	jsonOnlyCreate: true,
	modelPrefix: 'openai/',
	newId: (_model, provider) => `video_${hex(24)}:${provider ?? 'openai'}`,
	splitModel(requested) {
		const slash = typeof requested === 'string' ? requested.indexOf('/') : -1;
		if (typeof requested !== 'string' || slash <= 0 || slash === requested.length - 1) {
			throw new ApiError(400, 'provider is required in model field (format: provider/model)');
		}
		return { model: requested.slice(slash + 1), provider: requested.slice(0, slash) };
	},
	listRequirement: (query) => (query.get('provider') ? null : new ApiError(400, 'provider query parameter is required')),
	idRejection(_raw, id) {
		return id.includes(':') ? null : this.error(new ApiError(400, 'video_id must be in id:provider format'));
	},
	videoObject(job, state, context) {
		const provider = job.id.slice(job.id.lastIndexOf(':') + 1);
		return {
			...openaiVideo(job, state),
			progress: Math.round(state.progress * 10) / 10,
			videos: state.status === 'completed' ? [{ type: 'url', url: context.fileUrl, content_type: 'video/mp4' }] : [],
			usage: { cost: Number(job.seconds ?? '4') * (job.model.includes('pro') ? 0.3 : 0.1) },
			extra_fields: { provider, model_requested: `${provider}/${job.model}`, request_type: 'video_retrieve' },
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
		extra_fields: { provider: id.slice(id.lastIndexOf(':') + 1), request_type: 'video_delete' },
	}),
};

const resellerJsonContent: Profile = {
	...openai,
	name: 'reseller-json-content',
	createRules: { rejectUnknownFields: false, stringReference: false, acceptDuration: false },
	contentAsJson: true,
	newId: (model) => `${model.replace(/[^A-Za-z0-9._-]/g, '-')}:task_${hex(16)}`,
};

const trt: Profile = {
	...openai,
	name: 'trt',
	createStatus: 202,
	createRules: { rejectUnknownFields: false, stringReference: false, acceptDuration: false },
	listCursor: false,
	missingRoutes: { 'POST /videos/{id}/remix': () => fastApiNotFound() },
	videoObject(job, state) {
		// TensorRT-LLM's VideoJob: duration (float) and fps instead of seconds, no expiry or remix fields.
		const { seconds: _s, expires_at: _e, remixed_from_video_id: _r, ...video } = openaiVideo(job, state);
		return {
			...video,
			duration: Number(job.seconds ?? '4'),
			fps: 24,
			error: state.status === 'failed' ? MODERATION_ERROR.message : null,
		};
	},
	// trtllm-serve's ErrorResponse (vLLM style): numeric code.
	error: (err) => jsonReply(err.status, { object: 'error', message: err.message, type: err.type, param: err.param, code: err.status }),
	notReady(job, state) {
		return this.error(new ApiError(400, `Video ${job.id} is not ready (status: ${state.status}).`));
	},
	unknownRoute: () => fastApiNotFound(),
};

export const PROFILES: Record<ServerProfile, Profile> = {
	openai,
	litellm,
	newapi,
	bifrost,
	'reseller-json-content': resellerJsonContent,
	trt,
};
