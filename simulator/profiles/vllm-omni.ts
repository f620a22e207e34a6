import { ApiError } from '../errors';
import type { Job } from '../jobs';
import { jsonReply } from '../reply';
import { OPENAI_RULES } from '../validation';
import { failureOf, hex, lacksNewSurface, openai } from './openai';
import type { Profile } from './profile';

/*
 * vLLM-Omni, `vllm serve <model> --omni` (see self-hosted.ts): multipart only, one served model,
 * vLLM's errors.
 */

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

export const vllmOmni: Profile = {
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
		// vLLM's handler turns FastAPI's 405 and 404 into its own error shape.
		...lacksNewSurface(
			() => vllmOmni.error(new ApiError(405, 'Method Not Allowed')),
			(method, path) => vllmOmni.unknownRoute(method, path),
		),
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
