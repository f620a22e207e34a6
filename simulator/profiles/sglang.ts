import { randomUUID } from 'node:crypto';
import { fastApiMethodNotAllowed, fastApiNotFound, jsonReply } from '../reply';
import { OPENAI_RULES } from '../validation';
import { failureOf, lacksNewSurface, openai } from './openai';
import type { Profile } from './profile';

/*
 * SGLang-Diffusion's server (see self-hosted.ts): no auth, bare UUIDs, FastAPI's `detail` errors.
 */

export const sglang: Profile = {
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
	missingRoutes: {
		'POST /videos/{id}/remix': () => fastApiNotFound(),
		...lacksNewSurface(fastApiMethodNotAllowed, fastApiNotFound),
	},
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
