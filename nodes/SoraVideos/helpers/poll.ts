import { retryPolicy } from '../transport/retry';

/**
 * Bounds of the automatic poll interval: never hammer the server, never sleep past a finished job
 * for long. A server's own hint may ask for longer, up to the cap on any server-directed delay.
 * `firstMs` is the age of a job (since its `created_at`) before which no server has finished one:
 * a job known to be younger is first read then (docs/protocol.md rule 25).
 */
export const pollBounds = { minMs: 1000, maxMs: 20000, firstMs: 4000 };

/**
 * Without progress, each look comes this factor later in the job's life than the one before: the
 * fewest reads that still see a job finish within 40 % of its age, whatever its render time.
 */
export const lookGrowth = 1.4;

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
	/**
	 * Where this job's looks fall between the looks of the jobs waited for with it (0 ≤ phase < 1):
	 * jobs created together are then read at different moments, so one of them sees the batch finish
	 * soon after it does, and its siblings are read at once (`expectedEndMs`).
	 */
	phase?: number;
	/** When a sibling that finished predicts this job finishes (ms; docs/protocol.md rule 25). */
	expectedEndMs?: number;
	samples: ProgressSample[];
	nowMs: number;
}

/** Below this much predicted time left, aim just past the predicted end instead of short of it. */
const closeToEndMs = 5000;
const pastEndMarginMs = 100;
/** With one progress sample, the next look comes this soon at least (or twice the time waited). */
const learnRateMs = 2000;
/** After a sibling's prediction has passed, this long is spent reading every `minMs`. */
const siblingWindowMs = 3000;
/** The shortest gap between two reads of one job, when a sibling predicts its end. */
const siblingGapMs = 250;

/** With progress, a job is read no more than once per this much of its age (docs/protocol.md rule 25). */
const progressReadBudgetMs = 4000;

/**
 * The shortest gap before a look just past a near end. Whole percents leave the end uncertain by
 * one percent's time (0.6 s at a 60 s render): a look that came a little early and saw progress
 * rise may come back after `siblingGapMs`, while the job has been read less than once per
 * `progressReadBudgetMs` of its age; otherwise, and when progress stood still (a server finishing
 * at 99 %), the usual `minMs`, so a stall is never read faster than once a second.
 */
function endGapMs(timing: PollTiming, last: ProgressSample): number {
	const { samples } = timing;
	const previous = samples[samples.length - 2];
	const rose =
		samples[samples.length - 1] === last &&
		previous !== undefined &&
		last.progress! > (previous.progress ?? 0);
	const underBudget = samples.length < (timing.nowMs - originMs(timing)) / progressReadBudgetMs;
	return rose && underBudget ? siblingGapMs : pollBounds.minMs;
}

/** The job's age at which it is next read without progress: firstMs × lookGrowth^(n + phase), n ≥ 0. */
export function nextLookAge(ageMs: number, phase = 0): number {
	const steps = Math.log(Math.max(ageMs, 1) / pollBounds.firstMs) / Math.log(lookGrowth) - phase;
	const point = (n: number) => pollBounds.firstMs * lookGrowth ** (n + phase);
	const n = Math.max(0, Math.floor(steps) + 1);
	// A read on a point (give or take the rounding of ms timestamps) is past it.
	return point(n) > ageMs + 1 ? point(n) : point(n + 1);
}

/**
 * Since when a job has existed: its `created_at` unless that is after its first read (a server
 * clock ahead), else its first read (`firstSeenMs`; now, before any).
 */
export function jobOriginMs(createdAtMs: number | undefined, firstSeenMs: number): number {
	return createdAtMs !== undefined && createdAtMs <= firstSeenMs ? createdAtMs : firstSeenMs;
}

const originMs = (timing: PollTiming) =>
	jobOriginMs(timing.createdAtMs, timing.samples[0]?.atMs ?? timing.nowMs);

/**
 * When the first read of a job is due: at once, unless the job is known to be younger than a job
 * any server finishes (its `created_at`, from Create's answer or the input item), then on its
 * schedule. A `created_at` in our future (a server clock ahead) counts as now.
 */
export function firstPollAt(nowMs: number, phase: number, createdAtMs?: number): number {
	if (createdAtMs === undefined) return nowMs;
	const origin = Math.min(createdAtMs, nowMs);
	return Math.max(nowMs, origin + nextLookAge(0, phase));
}

/** A finished sibling's prediction of this job's end comes first: read then, then every second for a while. */
function soonerForSibling(timing: PollTiming, delayMs: number): number {
	if (timing.expectedEndMs === undefined) return delayMs;
	const untilEnd = timing.expectedEndMs - timing.nowMs;
	if (untilEnd > 0) return Math.min(delayMs, Math.max(untilEnd, siblingGapMs));
	return -untilEnd < siblingWindowMs ? Math.min(delayMs, pollBounds.minMs) : delayMs;
}

/** Without progress: the job's next look on its schedule (`nextLookAge`). */
function delayWithoutProgress(timing: PollTiming, clamp: (value: number) => number): number {
	const age = timing.nowMs - originMs(timing);
	return clamp(nextLookAge(age, timing.phase) - age);
}

/**
 * When to look at a job next. Explicit interval first, then the server's hint, then a prediction
 * from the rate `progress` rises between the first and the last sample: 80 % of the time left
 * while the end is far, just past the predicted end once it is close. With one progress sample
 * the rate is unknown, so the next look comes soon (at most twice the time waited) to learn it;
 * without progress, the looks spread out with the job's age (`nextLookAge`). Sooner than any of
 * these automatic delays: when a finished sibling predicts the job's end (`expectedEndMs`).
 */
export function nextPollDelayMs(timing: PollTiming): number {
	const { fixedMs = 0, serverHintMs = 0 } = timing;
	if (fixedMs > 0) return fixedMs;
	if (serverHintMs > 0)
		return Math.min(retryPolicy.maxServerDelayMs, Math.max(pollBounds.minMs, serverHintMs));
	return soonerForSibling(timing, automaticDelayMs(timing));
}

/** The automatic schedule: from the rate of progress, else from the job's age. */
function automaticDelayMs(timing: PollTiming): number {
	const { advisedMs = pollBounds } = timing;
	const clamp = (value: number, minMs = advisedMs.minMs) =>
		Math.min(advisedMs.maxMs, Math.max(minMs, value));
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
		if (remainingMs > closeToEndMs) return clamp(remainingMs * 0.8, pollBounds.minMs);
		return clamp(remainingMs + pastEndMarginMs, endGapMs(timing, last));
	}
	if (last) {
		const soon = Math.max(learnRateMs, 2 * waited);
		if (timing.createdAtMs === undefined || timing.createdAtMs > last.atMs) return clamp(soon);
		// The time since creation includes queueing, so this overestimates: only used to come back sooner.
		const elapsedMs = last.atMs - timing.createdAtMs;
		const remainingMs =
			(elapsedMs * (100 - last.progress!)) / last.progress! - (timing.nowMs - last.atMs);
		return clamp(Math.min(remainingMs * 0.5, soon));
	}
	return delayWithoutProgress(timing, clamp);
}
