import type { SimulatorOptions } from './types';
import type { ReferenceImage } from './validation';

/**
 * Jobs and their lifecycle. A job's state is a pure function of the clock, computed at each
 * request, so a virtual clock needs no timers: queued → in_progress (progress rising) →
 * completed, or failed when the prompt carries the moderation marker.
 */

export type JobStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

export interface Job {
	id: string;
	model: string;
	prompt: string;
	size: string;
	/** null when the request gave none (the object then reports "4", OpenAI's default). */
	seconds: string | null;
	remixedFrom: string | null;
	reference: ReferenceImage | null;
	/** How many extensions the video already has (0 for a new video; OpenAI allows six). */
	extensions: number;
	/** The characters a create cast, by id. */
	characters: string[];
	/** The uploaded video an edit or extension started from. */
	upload: UploadedVideo | null;
	createdMs: number;
	/** Fixed at creation, so changing knobs later does not rewrite running jobs. */
	queueMs: number;
	renderMs: number;
	/** Why the job will fail, decided by the prompt at creation; null = it completes. */
	failure: 'moderation' | 'engine' | 'cancelled' | null;
	deleted: boolean;
	/** /content requests refused so far by the contentFailures knob. */
	contentRefusals: number;
	/** The create body's field names, as sent. */
	bodyFields?: string[];
	/** The frame types of OpenRouter's `frame_images`, in the order sent. */
	frames?: string[];
	/** Where OpenRouter posts the job's end (`callback_url`), and whether it has. */
	callbackUrl?: string | null;
	callbackSent?: boolean;
}

/** An uploaded video as the server received it (tests compare its hash with what they sent). */
export interface UploadedVideo {
	filename: string;
	contentType: string;
	bytes: number;
	sha256: string;
}

export interface JobState {
	status: JobStatus;
	/** 0..100 as a float; profiles round or not. */
	progress: number;
	/** ms on the simulator clock at which the job finished, or null. */
	finishedMs: number | null;
	/** Unix seconds, set once completed. */
	completedAt: number | null;
	expiresAt: number | null;
}

export const MODERATION_ERROR = {
	code: 'moderation_blocked',
	message: 'Your request was blocked by our moderation system.',
};

/** A job its provider gave up on (OpenRouter's `cancelled`), asked for by CANCEL_MARKER in the prompt. */
export const CANCELLED_ERROR = {
	code: 'cancelled',
	message: 'The provider cancelled the generation.',
};
export const CANCEL_MARKER = '[cancelled]';

/** An inference engine's failure, as self-hosted servers report one. */
export const ENGINE_ERROR = {
	code: 'engine_error',
	message: 'CUDA out of memory. Tried to allocate 2.50 GiB (GPU 0; 79.15 GiB total capacity)',
};

export function newJob(
	id: string,
	fields: Pick<Job, 'model' | 'prompt' | 'size' | 'seconds' | 'remixedFrom' | 'reference'> &
		Partial<Pick<Job, 'extensions' | 'characters' | 'upload'>>,
	options: SimulatorOptions,
): Job {
	const renderMs = options.renderMs * (fields.model.includes('pro') ? options.proRenderFactor : 1);
	return {
		id,
		extensions: 0,
		characters: [],
		upload: null,
		...fields,
		createdMs: options.now(),
		queueMs: Math.min(options.queueMs, renderMs),
		renderMs,
		failure: failureOf(fields.prompt, options),
		deleted: false,
		contentRefusals: 0,
	};
}

function failureOf(prompt: string, options: SimulatorOptions): Job['failure'] {
	if (options.moderationMarker !== '' && prompt.includes(options.moderationMarker))
		return 'moderation';
	if (options.engineErrorMarker !== '' && prompt.includes(options.engineErrorMarker))
		return 'engine';
	if (prompt.includes(CANCEL_MARKER)) return 'cancelled';
	return null;
}

export function jobState(job: Job, nowMs: number, assetLifetimeSeconds: number): JobState {
	const elapsed = nowMs - job.createdMs;
	const pending = { finishedMs: null, completedAt: null, expiresAt: null };
	if (elapsed < job.queueMs) return { status: 'queued', progress: 0, ...pending };
	// Moderation runs before rendering, so a blocked job fails as soon as it leaves the queue (an
	// engine error too: the simulator does not need a later failure).
	if (job.failure) {
		const finishedMs = job.createdMs + job.queueMs;
		return {
			status: 'failed',
			progress: 0,
			finishedMs,
			completedAt: unixSeconds(finishedMs),
			expiresAt: null,
		};
	}
	if (elapsed < job.renderMs) {
		const fraction = (elapsed - job.queueMs) / Math.max(1, job.renderMs - job.queueMs);
		return {
			status: 'in_progress',
			progress: Math.min(99, Math.max(0, fraction * 100)),
			...pending,
		};
	}
	const finishedMs = job.createdMs + job.renderMs;
	const completedAt = unixSeconds(finishedMs);
	return {
		status: 'completed',
		progress: 100,
		finishedMs,
		completedAt,
		expiresAt: completedAt + assetLifetimeSeconds,
	};
}

export function unixSeconds(ms: number): number {
	return Math.floor(ms / 1000);
}

/** In-memory job store; keeps creation order for listing. */
export class JobStore {
	private readonly jobs = new Map<string, Job>();

	add(job: Job): void {
		this.jobs.set(job.id, job);
	}

	/** Deleted jobs are gone for every route. */
	get(id: string): Job | undefined {
		const job = this.jobs.get(id);
		return job && !job.deleted ? job : undefined;
	}

	/** Oldest first. */
	all(): Job[] {
		return [...this.jobs.values()].filter((job) => !job.deleted);
	}
}
