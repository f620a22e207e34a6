/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { request } from 'node:http';
import { type Job, type JobStore, jobState } from './jobs';

/**
 * OpenRouter's `callback_url`: once a job ends, one POST of `{type: "video.generation.<status>",
 * created_at, data: <the job>}` (its webhook envelope). A job's state is a function of the clock,
 * so ends are found by looking: after every request the simulator answers, and on a short
 * real-time timer while a callback is due, which reads the simulator's clock (a test's virtual
 * one too). Only loopback URLs are called (the simulator makes no other connection); a callback
 * to any other host counts as sent.
 */

const SWEEP_MS = 100;

export interface CallbackSource {
	jobs: JobStore;
	now(): number;
	assetLifetimeSeconds(): number;
	/** The job as the active profile shows it. */
	videoOf(job: Job): Record<string, unknown>;
}

export class Callbacks {
	private timer: NodeJS.Timeout | null = null;

	constructor(private readonly source: CallbackSource) {}

	/** Posts the callback of every job that has ended since the last look; keeps looking while any is due. */
	sweep(): void {
		const { jobs, now, assetLifetimeSeconds } = this.source;
		const due = jobs.all().filter((job) => job.callbackUrl && !job.callbackSent);
		for (const job of due) {
			const { status } = jobState(job, now(), assetLifetimeSeconds());
			if (status !== 'completed' && status !== 'failed') continue;
			job.callbackSent = true;
			this.post(job.callbackUrl!, this.source.videoOf(job));
		}
		const waiting = due.some((job) => !job.callbackSent);
		if (waiting && !this.timer) {
			this.timer = setInterval(() => this.sweep(), SWEEP_MS);
			this.timer.unref();
		} else if (!waiting) this.stop();
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
	}

	private post(url: string, video: Record<string, unknown>): void {
		const target = new URL(url);
		if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') return;
		const body = JSON.stringify({
			type: `video.generation.${String(video.status)}`,
			created_at: new Date(this.source.now()).toISOString(),
			data: video,
		});
		const sent = request(target, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
		});
		// A receiver that is gone does not concern the API's clients: the callback was made.
		sent.on('error', () => undefined);
		sent.on('response', (answer) => answer.resume());
		sent.end(body);
	}
}
