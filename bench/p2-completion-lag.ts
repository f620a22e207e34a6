// P2 completion lag, from our P1 run: per job, the time Wait for Completion emitted its output
// minus the simulator's completion time of that job; status requests per job from the
// simulator's log, against 1 per 3 s of render.
import type { RequestLogEntry, Simulator } from '../simulator';
import { formatSeconds, markdownTable, median } from './measure';
import {
	CONTENT_ROUTE,
	CREATE_ROUTE,
	requestsFor,
	statusRequests,
	type BenchContext,
} from './n8n-runs';
import { TARGETS } from './options';
import type { CompletionLagFacts } from './report';

/** One job of the batch as the simulator saw it. */
interface Job {
	id: string;
	createdAt?: number;
	completedAt: number | null;
	polls: RequestLogEntry[];
	content: RequestLogEntry[];
	/** From the simulator's completion to our node emitting the job. */
	lagMs: number;
}

function jobsOf(sim: Simulator, ids: string[], waitEnd: number): Job[] {
	return ids.map((id) => {
		const completedAt = sim.completedAt(id);
		return {
			id,
			completedAt,
			createdAt: requestsFor(sim, CREATE_ROUTE, id)[0]?.time,
			polls: statusRequests(sim, id),
			content: requestsFor(sim, CONTENT_ROUTE, id),
			lagMs: completedAt === null ? Number.NaN : waitEnd - completedAt,
		};
	});
}

/** The job with the median lag: its last status check before completion and the one that saw it. */
function medianJobFacts(jobs: Job[], renderMs: number): CompletionLagFacts | undefined {
	const sorted = [...jobs].sort((a, b) => a.lagMs - b.lagMs);
	const job = sorted[Math.floor(sorted.length / 2)]!;
	const created = job.createdAt ?? 0;
	const completed = job.completedAt ?? Number.NaN;
	const before = job.polls.filter((poll) => poll.time < completed);
	const after = job.polls.find((poll) => poll.time >= completed);
	const last = before[before.length - 1];
	if (!last || !after) return undefined;
	// The simulator's progress at that check: queued for min(1000, render/10) ms, then 0 → 99 linearly.
	const queueMs = Math.min(1000, renderMs / 10);
	const progress = Math.max(
		0,
		Math.min(99, ((last.time - created - queueMs) / (renderMs - queueMs)) * 99),
	);
	return {
		medianLagMs: median(jobs.map((each) => each.lagMs)),
		firstCheckMs: job.polls[0]!.time - created,
		lastCheckBeforeMs: last.time - created,
		checkAfterMs: after.time - created,
		completedMs: completed - created,
		progressAtLastCheck: progress,
	};
}

/** Every job's create, completion, status requests, download and lag, in seconds after the first create. */
function jobTable(jobs: Job[], waitEnd: number): string[] {
	const t0 = Math.min(...jobs.map((job) => job.createdAt ?? Infinity));
	const rel = (ms: number | null | undefined) =>
		ms === null || ms === undefined ? '—' : `${((ms - t0) / 1000).toFixed(2)}`;
	return [
		`Wait for Completion emitted all ${jobs.length} items at +${rel(waitEnd)} s (times in seconds after the first create; ` +
			`status requests are the simulator's GET /videos/{id} log entries for that job).`,
		'',
		markdownTable(
			['job', 'created', 'completed', 'status requests at', 'download', 'lag'],
			jobs.map((job) => [
				job.id,
				rel(job.createdAt),
				rel(job.completedAt),
				job.polls.map((poll) => rel(poll.time)).join(', '),
				job.content.map((entry) => rel(entry.time)).join(', '),
				formatSeconds(job.lagMs),
			]),
		),
	];
}

/**
 * Records P2 for the jobs `ids` of our P1 run, whose Wait for Completion returned at `waitEnd`;
 * returns the median lag and the status requests per job for P1's progress line.
 */
export function measureCompletionLag(
	ctx: BenchContext,
	sim: Simulator,
	ids: string[],
	waitEnd: number,
): { medianLagMs: number; pollCounts: number[] } {
	const { config, report } = ctx;
	const jobs = jobsOf(sim, ids, waitEnd);
	const lags = jobs.map((job) => job.lagMs);
	const facts = medianJobFacts(jobs, config.renderMs);
	if (facts) report.facts.p2 = facts;
	const pollCounts = jobs.map((job) => job.polls.length);
	const allowedPolls = config.renderMs / TARGETS.renderMsPerStatusRequest;
	const medianLag = median(lags);
	report.record({
		scenario: 'P2',
		measure: 'completion lag, median over jobs',
		value: formatSeconds(medianLag),
		target: `≤ ${formatSeconds(TARGETS.medianLagMs, 0)}`,
		met: medianLag <= TARGETS.medianLagMs,
	});
	report.record({
		scenario: 'P2',
		measure: 'completion lag, min / max',
		value: `${formatSeconds(Math.min(...lags))} / ${formatSeconds(Math.max(...lags))}`,
		target: '—',
	});
	report.record({
		scenario: 'P2',
		measure: 'status requests per job, max (mean)',
		value: `${Math.max(...pollCounts)} (${(pollCounts.reduce((a, b) => a + b, 0) / pollCounts.length).toFixed(1)})`,
		target: `≤ ${allowedPolls.toFixed(1)} (1 per 3 s of ${config.renderMs / 1000} s)`,
		met: Math.max(...pollCounts) <= allowedPolls,
	});
	report.details.P2.push(...jobTable(jobs, waitEnd));
	return { medianLagMs: medianLag, pollCounts };
}
