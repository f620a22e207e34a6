// P2 completion lag of one batch (bench/p2-profiles.ts runs one per profile and render time): per
// job, the time Wait for Completion emitted its output minus the simulator's completion time of
// that job; status requests per job from the simulator's log, per window of render time.
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

/** Status reads per job per `windowMs` of a `renderMs` render, mean over jobs (1 = one read a window). */
export function readsPerWindow(readsPerJob: number[], renderMs: number, windowMs: number): number {
	const mean = readsPerJob.reduce((sum, reads) => sum + reads, 0) / readsPerJob.length;
	return mean / (renderMs / windowMs);
}

/** The median lag and the status reads per job of the jobs `ids`, whose Wait returned at `waitEnd`. */
export function completionLag(
	sim: Simulator,
	ids: string[],
	waitEnd: number,
): { medianLagMs: number; readsPerJob: number[] } {
	const jobs = jobsOf(sim, ids, waitEnd);
	return {
		medianLagMs: median(jobs.map((job) => job.lagMs)),
		readsPerJob: jobs.map((job) => job.polls.length),
	};
}

/** One batch of P2: which server, how long each job rendered, and its targets. */
export interface LagRun {
	/** e.g. `vllm-omni, 20 s`. */
	label: string;
	renderMs: number;
	/** Whether the profile reports progress (its targets are tighter). */
	withProgress: boolean;
	/** The machine's load when the batch started (bench/measure.ts loadNow()). */
	load: string;
}

/** Records P2's rows and details for the jobs `ids` of `lagRun`, whose Wait returned at `waitEnd`. */
export function recordCompletionLag(
	ctx: BenchContext,
	sim: Simulator,
	ids: string[],
	waitEnd: number,
	lagRun: LagRun,
): void {
	const { report } = ctx;
	const target = lagRun.withProgress ? TARGETS.lagWithProgress : TARGETS.lagWithoutProgress;
	const jobs = jobsOf(sim, ids, waitEnd);
	const lags = jobs.map((job) => job.lagMs);
	// The median job's checks are explained by the simulator's progress, which only openai reports.
	const facts = lagRun.withProgress ? medianJobFacts(jobs, lagRun.renderMs) : undefined;
	if (facts && !report.facts.p2) report.facts.p2 = facts;
	const readsPerJob = jobs.map((job) => job.polls.length);
	const perWindow = readsPerWindow(readsPerJob, lagRun.renderMs, target.renderMsPerRead);
	const medianLag = median(lags);
	report.record({
		scenario: 'P2',
		measure: `${lagRun.label}: completion lag, median (min / max)`,
		value: `${formatSeconds(medianLag)} (${formatSeconds(Math.min(...lags))} / ${formatSeconds(Math.max(...lags))})`,
		target: `≤ ${formatSeconds(target.medianLagMs)}`,
		met: medianLag <= target.medianLagMs,
	});
	report.record({
		scenario: 'P2',
		measure: `${lagRun.label}: status reads per job per ${target.renderMsPerRead / 1000} s of render (reads per job, max)`,
		value: `${perWindow.toFixed(2)} (${Math.max(...readsPerJob)})`,
		target: '≤ 1',
		met: perWindow <= 1,
	});
	report.details.P2.push(
		`**${lagRun.label}** (${lagRun.load} at its start).`,
		...jobTable(jobs, waitEnd),
	);
}
