import { ApiError } from '../errors';
import { fastApiMethodNotAllowed, fastApiNotFound, jsonReply } from '../reply';
import { OPENAI_RULES } from '../validation';
import { failureOf, lacksNewSurface, openai } from './openai';
import type { Profile } from './profile';

/*
 * TensorRT-LLM's trtllm-serve (see self-hosted.ts): 202 on create, VideoJob's own fields, flat
 * errors.
 */

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

export const trt: Profile = {
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
	missingRoutes: {
		'POST /videos/{id}/remix': () => fastApiNotFound(),
		...lacksNewSurface(fastApiMethodNotAllowed, fastApiNotFound),
	},
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
