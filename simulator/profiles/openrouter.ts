import { ApiError } from '../errors';
import type { Job, JobState } from '../jobs';
import { type Reply, jsonReply } from '../reply';
import { parseOpenRouterCreate, type VideoModelEntry } from '../validation';
import { failureOf, hex, lacksNewSurface, openai } from './openai';
import type { Profile, VideoContext } from './profile';

/*
 * OpenRouter's video API (openrouter.ai/docs: api-reference/videos, video-generation/create-videos,
 * list-videos-models): under /api/v1, JSON-only create answered 202 `{id, polling_url, status:
 * "pending"}`, the job as `pending` → `in_progress` → `completed` | `failed` | `cancelled` |
 * `expired`, signed `urls` on a storage origin and `unsigned_urls` through the authenticated
 * `/content?index=0`, a public model catalog at /videos/models, `{error: {code, message}}` errors,
 * and no list, delete or remix.
 */

const model = (
	id: string,
	name: string,
	capabilities: Partial<VideoModelEntry>,
): VideoModelEntry => ({
	id,
	canonical_slug: id,
	name,
	created: 1772323200, // 2026-03-01
	supported_durations: null,
	supported_resolutions: null,
	supported_aspect_ratios: null,
	supported_sizes: null,
	supported_frame_images: null,
	generate_audio: false,
	seed: null,
	pricing_skus: {},
	allowed_passthrough_parameters: [],
	...capabilities,
});

/** Three models whose capabilities differ the ways OpenRouter's do (lists, exact sizes, frames, audio). */
export const OPENROUTER_MODELS: VideoModelEntry[] = [
	model('google/veo-3.1', 'Google: Veo 3.1', {
		supported_durations: [4, 6, 8],
		supported_resolutions: ['720p', '1080p'],
		supported_aspect_ratios: ['16:9', '9:16'],
		supported_frame_images: ['first_frame', 'last_frame'],
		generate_audio: true,
		seed: true,
		pricing_skus: { 'per-video-second': '0.40', 'per-video-second-1080p': '0.50' },
		allowed_passthrough_parameters: ['negative_prompt', 'person_generation'],
	}),
	model('openai/sora-2-pro', 'OpenAI: Sora 2 Pro', {
		supported_durations: [4, 8, 12],
		supported_resolutions: ['720p', '1080p'],
		supported_aspect_ratios: ['16:9', '9:16'],
		supported_sizes: ['1280x720', '720x1280', '1792x1024', '1024x1792'],
		supported_frame_images: ['first_frame'],
		generate_audio: true,
		pricing_skus: { 'per-video-second': '0.30' },
	}),
	model('alibaba/wan-2.6', 'Alibaba: Wan 2.6', {
		supported_durations: [5, 10],
		supported_resolutions: ['480p', '720p', '1080p'],
		supported_aspect_ratios: ['16:9', '9:16', '1:1', '4:3', '3:4'],
		supported_frame_images: ['first_frame'],
		seed: true,
		pricing_skus: { 'per-video-second': '0.04' },
	}),
];

/** How OpenRouter shows the simulator's job states. */
function statusOf(job: Job, state: JobState, expired: boolean): string {
	if (state.status === 'queued') return 'pending';
	if (state.status === 'failed') return job.failure === 'cancelled' ? 'cancelled' : 'failed';
	if (state.status === 'completed' && expired) return 'expired';
	return state.status;
}

function videoObject(job: Job, state: JobState, context: VideoContext): Record<string, unknown> {
	const path = `/videos/${encodeURIComponent(job.id)}`;
	const base = { id: job.id, polling_url: `/api/v1${path}` };
	if (context.fresh) return { ...base, status: 'pending' };
	const status = statusOf(job, state, context.expired);
	const video: Record<string, unknown> = { ...base, status };
	if (status !== 'pending') video.generation_id = `gen-${job.id.slice(job.id.indexOf('-') + 1)}`;
	if (status === 'in_progress') video.progress = Math.floor(state.progress);
	if (status === 'completed') {
		video.unsigned_urls = [`${context.baseUrl}${path}/content?index=0`];
		video.urls = [context.fileUrl];
		video.usage = { cost: Number(job.seconds ?? '4') * 0.1, is_byok: false };
	}
	if (status === 'failed' || status === 'cancelled') video.error = failureOf(job).message;
	return video;
}

const error = (status: number, message: string): Reply =>
	jsonReply(status, { error: { code: status, message } });
const notFound = () => error(404, 'Not Found');
/** OpenRouter's own words for a missing key and a key it does not know. */
const unauthorized = (err: ApiError) =>
	err.code === 'invalid_api_key' ? 'User not found.' : 'No auth credentials found';

export const openrouter: Profile = {
	...openai,
	name: 'openrouter',
	createStatus: 202,
	openaiRequestShape: false,
	parseJson: (body) => parseOpenRouterCreate(body, OPENROUTER_MODELS),
	refuseEncoding: (kind) =>
		kind === 'multipart' ? new ApiError(400, 'Content-Type must be application/json') : null,
	keyHeaders: [],
	ignoresVariant: true,
	// GET /models lists OpenRouter's models of every kind; the video ones are at /videos/models.
	modelPrefix: 'openai/',
	jobModel: (requested) => requested ?? '',
	basePath: '/api/v1',
	videoModels: OPENROUTER_MODELS,
	publicRoutes: ['GET /models', 'GET /videos/models'],
	missingRoutes: {
		'GET /videos': notFound,
		'DELETE /videos/{id}': notFound,
		'POST /videos/{id}/remix': notFound,
		...lacksNewSurface(notFound),
	},
	newId: () => `vgen-${hex(12)}`,
	videoObject,
	error: (err) => error(err.status, err.status === 401 ? unauthorized(err) : err.message),
	unknownVideo: () => error(404, 'Video generation job not found'),
	notReady: (job, state) =>
		error(409, `Video ${job.id} has no content (status: ${statusOf(job, state, false)})`),
	unknownRoute: notFound,
};
