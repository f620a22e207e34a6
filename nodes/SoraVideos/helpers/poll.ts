/** Bounds of the automatic poll interval: never hammer the server, never sleep past a finished job for long. */
export const pollBounds = { minMs: 1000, maxMs: 20000, firstMs: 2000 };

export interface ProgressSample {
	atMs: number;
	progress: number | null;
}

export interface PollTiming {
	/** `pollIntervalSeconds` when the user set one (> 0). */
	fixedMs?: number;
	/** The server's `openai-poll-after-ms` hint from the last answer. */
	serverHintMs?: number;
	/** The job's `created_at` in ms, when the server sent it. */
	createdAtMs?: number;
	samples: ProgressSample[];
	nowMs: number;
}

const clamp = (value: number) => Math.min(pollBounds.maxMs, Math.max(pollBounds.minMs, value));

/**
 * When to look at a job next. Explicit interval first, then the server's hint, then an estimate of
 * the remaining time from the rate `progress` rises (or from `created_at`), polling at about 80 % of
 * it so the check lands close to the end; without progress, back off with the time waited.
 */
export function nextPollDelayMs(timing: PollTiming): number {
	if (timing.fixedMs && timing.fixedMs > 0) return timing.fixedMs;
	if (timing.serverHintMs && timing.serverHintMs > 0) return clamp(timing.serverHintMs);
	const withProgress = timing.samples.filter((sample) => sample.progress !== null && sample.progress > 0);
	const last = withProgress[withProgress.length - 1];
	const first = withProgress[0];
	if (last && first && last.atMs > first.atMs && last.progress! > first.progress!) {
		const msPerPercent = (last.atMs - first.atMs) / (last.progress! - first.progress!);
		const remainingMs = (100 - last.progress!) * msPerPercent - (timing.nowMs - last.atMs);
		return clamp(remainingMs * 0.8);
	}
	if (last && timing.createdAtMs !== undefined && timing.createdAtMs <= last.atMs) {
		// One sample, and the time since creation includes queueing: aim short to get a second sample.
		const elapsedMs = last.atMs - timing.createdAtMs;
		const remainingMs = (elapsedMs * (100 - last.progress!)) / last.progress! - (timing.nowMs - last.atMs);
		return clamp(remainingMs * 0.5);
	}
	const waited = timing.samples.length ? timing.nowMs - timing.samples[0].atMs : 0;
	return timing.samples.length <= 1 ? pollBounds.firstMs : clamp(waited / 4);
}
