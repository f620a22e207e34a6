import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './errors';
import { ENGINE_ERROR, type Job, type JobState, MODERATION_ERROR } from './jobs';
import { type Reply, fastApiNotFound, jsonReply } from './reply';
import type { ServerProfile } from './types';
import { type CreateRules, OPENAI_RULES } from './validation';

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
	/** The error for a create body in an encoding this server does not read (Bifrost: JSON only; vLLM-Omni: multipart only), or null. */
	refuseEncoding(kind: 'json' | 'multipart' | 'empty'): ApiError | null;
	/** SGLang's server has no auth at all. */
	requiresKey: boolean;
	/** Headers whose value may be the bare key (besides Authorization: Bearer). */
	keyHeaders: string[];
	/** new-api (one-api family) also takes the key in Authorization without "Bearer". */
	rawAuthorization: boolean;
	/** /content serves the MP4 whatever `variant` says. */
	ignoresVariant: boolean;
	/** /content answers JSON with a URL instead of bytes. */
	contentAsJson: boolean;
	/**
	 * `cursor`: pages with first_id/last_id/has_more that honour limit/after (OpenAI);
	 * `pages`: limit/after/order honoured but only {object, data} (SGLang);
	 * `everything`: every job in one {object, data}, query ignored (TensorRT-LLM).
	 */
	list: 'cursor' | 'pages' | 'everything';
	/** Page size when the list call gives no limit (vLLM-Omni: all jobs). */
	listDefaultLimit: number;
	/** GET /models lists only the served model (self-hosted servers). */
	listsServedModel: boolean;
	/** The model a job runs, from the requested one (null = none sent); may refuse it. */
	jobModel(requested: string | null, served: string): string;
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
	/** HTTP status of GET /videos/{id} (vLLM-Omni answers a failed job with the failure's status). */
	retrieveStatus(job: Job, state: JobState): number;
	error(err: ApiError): Reply;
	unknownVideo(id: string, route: RouteName): Reply;
	notReady(job: Job, state: JobState): Reply;
	unknownRoute(method: string, path: string): Reply;
	/** The reply to a `variant` this server does not have (SGLang reads it as an output index), or null. */
	refusedVariant(raw: string | null): Reply | null;
	/** Self-hosted servers delete (and cancel) running jobs; OpenAI only finished ones. */
	deletesRunningJobs: boolean;
	/** The delete answer; `video` is the job as it was. */
	deleted(id: string, video: Record<string, unknown>): Record<string, unknown>;
	contentHeaders(job: Job): Record<string, string>;
}

/** Live OpenAI's answer on /content while queued/in_progress (BerriAI/litellm#32602). */
export const NOT_READY_MESSAGE =
	'Video is not ready yet, use GET /v1/videos/{video_id} to check its status.';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

const failureOf = (job: Job) => (job.failure === 'engine' ? ENGINE_ERROR : MODERATION_ERROR);

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
		error: state.status === 'failed' ? { ...failureOf(job) } : null,
	};
}

function envelope(err: ApiError, param: unknown, code: unknown): Reply {
	return jsonReply(err.status, { error: { message: err.message, type: err.type, param, code } });
}

const openai: Profile = {
	name: 'openai',
	createStatus: 200,
	createRules: OPENAI_RULES,
	openaiRequestShape: true,
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
	mountedAtRoot: false,
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
	createRules: { ...OPENAI_RULES, rejectUnknownFields: false },
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
	createRules: {
		...OPENAI_RULES,
		rejectUnknownFields: false,
		stringReference: true,
		acceptDuration: true,
	},
	openaiRequestShape: false,
	rawAuthorization: true,
	ignoresVariant: true,
	// router/web-router.go: NoRoute relays a JSON 404 for paths starting /v1, /api or /assets (a
	// plain string prefix, so /v1beta too) and serves the web UI's index.html, 200, for the rest.
	webPage: (path) =>
		/^\/(v1|api|assets)/.test(path)
			? null
			: {
					status: 200,
					headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
					body: Buffer.from(NEWAPI_INDEX_HTML),
				},
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
		if (state.status === 'failed')
			video.error = { message: failureOf(job).message, code: failureOf(job).code };
		if (state.status === 'completed') video.metadata = { url: context.fileUrl };
		return video;
	},
	error: (err) => envelope(err, err.param ?? '', err.code ?? ''),
	unknownVideo: (_id, route) =>
		jsonReply(route === 'GET /videos/{id}/content' ? 404 : 400, {
			code: 'task_not_exist',
			message: 'task_not_exist',
			data: null,
		}),
	notReady: (_job, state) =>
		jsonReply(400, {
			error: {
				message: `Task is not completed yet, current status: ${NEWAPI_TASK_STATUS[state.status]}`,
				type: 'invalid_request_error',
			},
		}),
	unknownRoute: (method, path) =>
		jsonReply(404, {
			error: {
				message: `Invalid URL (${method} ${path})`,
				type: 'invalid_request_error',
				param: '',
				code: '',
			},
		}),
	contentHeaders: () => ({ 'cache-control': 'public, max-age=86400' }),
};

const bifrost: Profile = {
	...openai,
	name: 'bifrost',
	createRules: { ...OPENAI_RULES, rejectUnknownFields: false, stringReference: true },
	openaiRequestShape: false,
	refuseEncoding: (kind) => (kind === 'json' ? null : new ApiError(400, 'Invalid request format')),
	modelPrefix: 'openai/',
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
		const provider = job.id.slice(job.id.lastIndexOf(':') + 1);
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
		extra_fields: { provider: id.slice(id.lastIndexOf(':') + 1), request_type: 'video_delete' },
	}),
};

const resellerJsonContent: Profile = {
	...openai,
	name: 'reseller-json-content',
	createRules: { ...OPENAI_RULES, rejectUnknownFields: false },
	contentAsJson: true,
	newId: (model) => `${model.replace(/[^A-Za-z0-9._-]/g, '-')}:task_${hex(16)}`,
};

/*
 * Self-hosted inference servers (self-hosted-servers.md in the team's docs, read from each
 * server's source). They run one open model (Wan …) whatever the request calls it, have no remix,
 * delete running jobs (cancelling them), and each reports failures and unready content its own way.
 */

/** The model entry of a self-hosted server's GET /models (vLLM's shape). */
export function servedModelEntry(served: string): Record<string, unknown> {
	return {
		id: served,
		object: 'model',
		created: 1766016000,
		owned_by: 'vllm',
		root: served,
		parent: null,
	};
}

/** HTTP reason phrases, which vLLM puts in an error's `type`. */
const REASON_PHRASES: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	404: 'Not Found',
	405: 'Method Not Allowed',
	409: 'Conflict',
	413: 'Request Entity Too Large',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	503: 'Service Unavailable',
};

/** vLLM-Omni: a guardrail block is a client error (400), an engine failure a server error (500). */
const vllmFailureStatus = (job: Job) => (job.failure === 'engine' ? 500 : 400);

const vllmOmni: Profile = {
	...openai,
	name: 'vllm-omni',
	createRules: {
		...OPENAI_RULES,
		rejectUnknownFields: false,
		openaiModelRules: false,
		inputReferenceFileOnly: true,
		urlReference: { field: 'image_reference', form: 'jsonString' },
	},
	openaiRequestShape: false,
	// Every field is a FastAPI Form(): a JSON body has no `prompt`, which vLLM's validation handler makes a 400.
	refuseEncoding: (kind) =>
		kind === 'multipart'
			? null
			: new ApiError(
					400,
					"1 validation error:\n  {'type': 'missing', 'loc': ('body', 'prompt'), 'msg': 'Field required', 'input': None}",
					'Bad Request',
					'body.prompt',
				),
	keyHeaders: [],
	ignoresVariant: true,
	listDefaultLimit: Number.POSITIVE_INFINITY,
	listsServedModel: true,
	jobModel(requested, served) {
		if (requested === null || requested === '' || requested === served) return served;
		throw new ApiError(
			400,
			`Model mismatch: request specifies '${requested}' but server is running '${served}'.`,
		);
	},
	missingRoutes: {
		'POST /videos/{id}/remix': (method, path) => vllmOmni.unknownRoute(method, path),
	},
	newId: () => `video_gen_${hex(16)}`,
	videoObject(job, state, context) {
		const done = state.status === 'completed';
		const failed = state.status === 'failed';
		return {
			id: job.id,
			object: 'video',
			// The background task starts at once: queued only in the create answer.
			status: state.status === 'queued' && !context.fresh ? 'in_progress' : state.status,
			model: job.model,
			prompt: job.prompt,
			size: job.size,
			seconds: job.seconds ?? '4',
			quality: 'default',
			// 0 until the end, then 100: never in between, and 0 on failure.
			progress: done ? 100 : 0,
			created_at: Math.floor(job.createdMs / 1000),
			completed_at: state.completedAt,
			expires_at: null,
			error: failed ? { code: vllmFailureStatus(job), message: failureOf(job).message } : null,
			remixed_from_video_id: null,
			media_type: 'video/mp4',
			file_name: done ? `${job.id}.mp4` : null,
			inference_time_s: done ? job.renderMs / 1000 : null,
			stage_durations: done ? { diffusion: job.renderMs / 1000 } : {},
			peak_memory_mb: 61440.5,
			action: null,
		};
	},
	retrieveStatus: (job, state) => (state.status === 'failed' ? vllmFailureStatus(job) : 200),
	// vLLM's auth middleware answers a string `error`; its exception handlers the envelope with an int code.
	error: (err) =>
		err.status === 401
			? jsonReply(401, { error: 'Unauthorized' })
			: jsonReply(err.status, {
					error: {
						message: err.message,
						type: REASON_PHRASES[err.status] ?? 'Error',
						param: err.param,
						code: err.status,
					},
				}),
	unknownVideo() {
		return this.error(new ApiError(404, 'Video not found'));
	},
	notReady(_job, state) {
		return state.status === 'failed'
			? this.error(
					new ApiError(422, 'Video generation failed. Check job status for error details.'),
				)
			: this.error(new ApiError(404, 'Generation is still in-progress'));
	},
	unknownRoute() {
		return this.error(new ApiError(404, 'Not Found'));
	},
	deletesRunningJobs: true,
};

const sglang: Profile = {
	...openai,
	name: 'sglang',
	createRules: {
		...OPENAI_RULES,
		rejectUnknownFields: false,
		openaiModelRules: false,
		inputReferenceFileOnly: true,
		urlReference: { field: 'reference_url', form: 'string' },
	},
	openaiRequestShape: false,
	requiresKey: false,
	list: 'pages',
	listsServedModel: true,
	// The model field only echoes the request (or "sora-2"): it does not name what runs.
	jobModel: (requested) => requested || 'sora-2',
	missingRoutes: { 'POST /videos/{id}/remix': () => fastApiNotFound() },
	newId: () => randomUUID(),
	videoObject(job, state) {
		const done = state.status === 'completed';
		const file = `/sgl-workspace/sglang/outputs/${job.id}.mp4`;
		return {
			id: job.id,
			object: 'video',
			model: job.model,
			// Never in_progress: queued until it ends.
			status: state.status === 'in_progress' ? 'queued' : state.status,
			progress: done ? 100 : 0,
			created_at: Math.floor(job.createdMs / 1000),
			size: job.size,
			seconds: job.seconds ?? '4',
			quality: 'standard',
			url: null,
			remixed_from_video_id: null,
			completed_at: state.completedAt,
			expires_at: null,
			error: state.status === 'failed' ? { message: failureOf(job).message } : null,
			file_path: done ? file : null,
			file_paths: done ? [file] : [],
			num_outputs: 1,
			peak_memory_mb: done ? 59392.0 : null,
			inference_time_s: done ? job.renderMs / 1000 : null,
			action: null,
		};
	},
	error: (err) => jsonReply(err.status, { detail: err.message }),
	unknownVideo: () => jsonReply(404, { detail: 'Video not found' }),
	notReady: (_job, state) =>
		jsonReply(404, {
			detail:
				state.status === 'failed'
					? 'Video variant None not found'
					: 'Generation is still in-progress',
		}),
	unknownRoute: () => fastApiNotFound(),
	// `variant` is an output index: only "0" (or none) exists, and it is the video.
	ignoresVariant: true,
	refusedVariant: (raw) =>
		raw === null || raw === '0'
			? null
			: jsonReply(404, { detail: `Video variant ${raw} not found` }),
	deletesRunningJobs: true,
	// Answers the job itself, marked deleted (generation is not cancelled).
	deleted: (_id, video) => ({ ...video, status: 'deleted' }),
};

/** TensorRT-LLM's request model forbids unknown fields (extra="forbid"). */
const TRT_FIELDS = [
	'prompt',
	'model',
	'size',
	'width',
	'height',
	'negative_prompt',
	'seconds',
	'fps',
	'frame_rate',
	'num_frames',
	'n',
	'num_inference_steps',
	'guidance_scale',
	'guidance_rescale',
	'seed',
	'input_reference',
	'image_reference',
	'video_reference',
	'audio_reference',
	'format',
	'output_format',
	'response_format',
	'extra_params',
];

const trt: Profile = {
	...openai,
	name: 'trt',
	createStatus: 202,
	createRules: {
		...OPENAI_RULES,
		knownFields: TRT_FIELDS,
		openaiModelRules: false,
		urlReference: { field: 'image_reference', form: 'string' },
	},
	openaiRequestShape: false,
	list: 'everything',
	listsServedModel: true,
	// `model` is accepted and ignored.
	jobModel: (_requested, served) => served,
	ignoresVariant: true,
	missingRoutes: { 'POST /videos/{id}/remix': () => fastApiNotFound() },
	videoObject(job, state) {
		// TensorRT-LLM's VideoJob: duration (float) and fps instead of seconds, progress never set, error a string.
		const running = state.status === 'in_progress';
		return {
			id: job.id,
			object: 'video',
			model: job.model,
			prompt: job.prompt,
			status: running ? (state.progress >= 90 ? 'postprocessing' : 'generating') : state.status,
			created_at: Math.floor(job.createdMs / 1000),
			completed_at: state.completedAt,
			expires_at: state.expiresAt,
			progress: null,
			duration: Number(job.seconds ?? '4'),
			fps: 24,
			size: job.size,
			error: state.status === 'failed' ? failureOf(job).message : null,
		};
	},
	// trtllm-serve's ErrorResponse: flat, not nested under `error`, numeric code.
	error: (err) =>
		jsonReply(err.status, {
			object: 'error',
			message: err.message,
			type: err.type,
			param: err.param,
			code: err.status,
		}),
	unknownVideo(id) {
		return this.error(new ApiError(404, `Video ${id} not found`, 'NotFoundError'));
	},
	notReady(job, state) {
		return this.error(new ApiError(400, `Video ${job.id} is not ready (status: ${state.status}).`));
	},
	unknownRoute: () => fastApiNotFound(),
	deletesRunningJobs: true,
	deleted: () => ({ deleted: true }),
};

export const PROFILES: Record<ServerProfile, Profile> = {
	openai,
	litellm,
	newapi,
	bifrost,
	'reseller-json-content': resellerJsonContent,
	trt,
	'vllm-omni': vllmOmni,
	sglang,
};
