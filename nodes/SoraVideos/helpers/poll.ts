import { retryPolicy } from '../transport/retry';

/**
 * Bounds of the automatic poll interval: never hammer the server, never sleep past a finished job
 * for long. A server's own hint may ask for longer, up to the cap on any server-directed delay.
 */
export const pollBounds = { minMs: 1000, maxMs: 20000, firstMs: 2000 };

export interface ProgressSample {
	atMs: number;
	progress: number | null;
}

export interface PollTiming {
	/** `pollIntervalSeconds` when the user set one (> 0). */
	fixedMs?: number;
	/** The server's `openai-poll-after-ms` (or `retry-after`) hint from the last answer. */
	serverHintMs?: number;
	/** The job's `created_at` in ms, when the server sent it. */
	createdAtMs?: number;
	/**
	 * The interval the server asks clients to keep (OpenRouter: 10–30 s), in place of `pollBounds`;
	 * only a rate of progress that predicts an earlier end comes back sooner (docs/protocol.md rule 38).
	 */
	advisedMs?: { minMs: number; maxMs: number };
	samples: ProgressSample[];
	nowMs: number;
}

/** Below this much predicted time left, aim just past the predicted end instead of short of it. */
const closeToEndMs = 5000;
const pastEndMarginMs = 250;

/**
 * When to look at a job next. Explicit interval first, then the server's hint, then a prediction
 * from the rate `progress` rises between the first and the last sample: 80 % of the time left
 * while the end is far, just past the predicted end once it is close. With one progress sample
 * the rate is unknown, so the next look comes soon (at most twice the time waited) to learn it;
 * without progress, the interval grows with the time waited.
 */
export function nextPollDelayMs(timing: PollTiming): number {
	const { fixedMs = 0, serverHintMs = 0, advisedMs = pollBounds } = timing;
	const clamp = (value: number, minMs = advisedMs.minMs) =>
		Math.min(advisedMs.maxMs, Math.max(minMs, value));
	if (fixedMs > 0) return fixedMs;
	if (serverHintMs > 0)
		return Math.min(retryPolicy.maxServerDelayMs, Math.max(pollBounds.minMs, serverHintMs));
	const withProgress = timing.samples.filter(
		(sample) => sample.progress !== null && sample.progress > 0,
	);
	const first = withProgress[0];
	const last = withProgress[withProgress.length - 1];
	const waited = timing.samples.length ? timing.nowMs - timing.samples[0].atMs : 0;
	if (first && last && last.atMs > first.atMs && last.progress! > first.progress!) {
		const msPerPercent = (last.atMs - first.atMs) / (last.progress! - first.progress!);
		// Servers report whole percents, rounded down: the job is on average half a percent further.
		const remainingMs = (99.5 - last.progress!) * msPerPercent - (timing.nowMs - last.atMs);
		const predicted =
			remainingMs > closeToEndMs ? remainingMs * 0.8 : remainingMs + pastEndMarginMs;
		return clamp(predicted, pollBounds.minMs);
	}
	if (last) {
		const soon = Math.max(pollBounds.firstMs, 2 * waited);
		if (timing.createdAtMs === undefined || timing.createdAtMs > last.atMs) return clamp(soon);
		// The time since creation includes queueing, so this overestimates: only used to come back sooner.
		const elapsedMs = last.atMs - timing.createdAtMs;
		const remainingMs =
			(elapsedMs * (100 - last.progress!)) / last.progress! - (timing.nowMs - last.atMs);
		return clamp(Math.min(remainingMs * 0.5, soon));
	}
	return clamp(timing.samples.length <= 1 ? pollBounds.firstMs : waited / 4);
}
