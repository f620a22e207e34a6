/* eslint-disable no-console -- Node tooling, not published (DEVELOPERS.md) */
// P3 in one binary data mode: our Download and n8n's OpenAI node downloading the same size in
// turn (ours, built-in, ours, built-in, …), so a slower moment of the machine falls on both
// sides; each side's median throughput with its spread (min–max), its RSS rise and how much that
// rise grows over the download, recorded against the targets.
import type { Simulator } from '../simulator';
import type { N8nInstance } from '../support/n8n/instance';
import { formatBytes, median, mibps, pct, ratio } from './measure';
import type { BenchContext } from './n8n-runs';
import { TARGETS } from './options';
import {
	BUILTIN_DOWNLOAD,
	OUR_DOWNLOAD,
	describeDownload,
	measureDownload,
	riseAt,
	type DownloadMeasure,
} from './p3-download';

export type BinaryMode = 'filesystem' | 'database';

/** One side's runs in one mode. */
export interface SideSummary {
	runs: DownloadMeasure[];
	/** Median, slowest and fastest throughput (MiB/s). */
	rate: number;
	min: number;
	max: number;
	/** Median RSS rise (peak − baseline). */
	rise: number;
	/** The worst run's RSS rise at the download's end minus at a tenth of it. */
	growth: number;
	riseAt10: number;
	riseAt100: number;
}

export interface ModeResult {
	mode: BinaryMode;
	bytes: number;
	ours: SideSummary;
	builtin?: SideSummary;
}

function summarise(runs: DownloadMeasure[]): SideSummary {
	const rates = runs.map((m) => mibps(m.bytes, m.ms));
	const growths = runs.map((m) => riseAt(m, 1) - riseAt(m, 0.1));
	return {
		runs,
		rate: median(rates),
		min: Math.min(...rates),
		max: Math.max(...rates),
		rise: median(runs.map((m) => m.rise)),
		growth: Math.max(...growths),
		riseAt10: median(runs.map((m) => riseAt(m, 0.1))),
		riseAt100: median(runs.map((m) => riseAt(m, 1))),
	};
}

const spread = (side: SideSummary) =>
	`${side.rate.toFixed(0)} MiB/s (${side.min.toFixed(0)}–${side.max.toFixed(0)}), RSS +${formatBytes(side.rise)}`;

/** The rows of one mode: each side's median and spread, and the targets between them. */
function recordMode(ctx: BenchContext, result: ModeResult): void {
	const { report, config } = ctx;
	const { mode, ours, builtin } = result;
	const runs = `median of ${config.downloadRuns} (min–max)`;
	const row = (measure: string, value: string, target = '—', met?: boolean) =>
		report.record({ scenario: 'P3', measure: `${mode}: ${measure}`, value, target, met });
	row(`ours, ${formatBytes(result.bytes)}, ${runs}`, spread(ours));
	row(
		'ours: RSS rise at 100 % − at 10 % (worst run)',
		`${formatBytes(ours.growth)}${builtin ? ` (built-in: ${formatBytes(builtin.growth)})` : ''}`,
		`< ${formatBytes(TARGETS.riseGrowthBytes)}`,
		ours.growth < TARGETS.riseGrowthBytes,
	);
	if (!builtin) return;
	row(`n8n's OpenAI node, same file, ${runs}`, spread(builtin));
	row(
		"ours / n8n's OpenAI node, median throughput",
		ratio(ours.rate / builtin.rate),
		'≥ 1.00×',
		ours.rate >= builtin.rate,
	);
	row(
		"RSS rise, ours vs n8n's OpenAI node (medians)",
		`${formatBytes(ours.rise)} vs ${formatBytes(builtin.rise)}`,
		"ours ≤ n8n's",
		ours.rise <= builtin.rise,
	);
}

function describeRuns(ctx: BenchContext, result: ModeResult): void {
	const sides: [string, SideSummary | undefined][] = [
		['our Download node', result.ours],
		["n8n's built-in OpenAI node (video: generate)", result.builtin],
	];
	for (const [label, side] of sides)
		side?.runs.forEach((m, index) =>
			ctx.report.details.P3.push(
				describeDownload(`${result.mode} mode, ${label}, run ${index + 1}`, m),
			),
		);
}

/**
 * Downloads the same size `config.downloadRuns` times per side, alternating, in `instance`'s mode;
 * `afterFirst` runs after our first download, with its simulator still up. A built-in run that
 * fails ends the built-in's runs (it is there for comparison) and is reported as a problem.
 */
export async function downloadsInMode(
	ctx: BenchContext,
	instance: N8nInstance,
	mode: BinaryMode,
	bytes: number,
	afterFirst?: (sim: Simulator, measure: DownloadMeasure) => Promise<void>,
): Promise<ModeResult> {
	const ours: DownloadMeasure[] = [];
	const builtin: DownloadMeasure[] = [];
	let builtinFailed = false;
	for (let i = 0; i < ctx.config.downloadRuns; i++) {
		const mine = await measureDownload(
			ctx,
			instance,
			OUR_DOWNLOAD,
			bytes,
			i === 0 ? afterFirst : undefined,
		);
		if (mine.contentRequests !== 1)
			ctx.report.problems.push(
				`P3 ${mode}: ${mine.contentRequests} content requests from our node (retries?)`,
			);
		ours.push(mine);
		console.log(
			`  ${mode} ours: ${mibps(bytes, mine.ms).toFixed(0)} MiB/s, RSS +${formatBytes(mine.rise)}`,
		);
		if (builtinFailed) continue;
		try {
			const theirs = await measureDownload(ctx, instance, BUILTIN_DOWNLOAD, bytes);
			builtin.push(theirs);
			console.log(
				`  ${mode} built-in: ${mibps(bytes, theirs.ms).toFixed(0)} MiB/s, RSS +${formatBytes(theirs.rise)}`,
			);
		} catch (error) {
			builtinFailed = true;
			ctx.report.problems.push(
				`P3 ${mode}: n8n's OpenAI node did not complete (${(error as Error).message.split('\n')[0]})`,
			);
		}
	}
	const result: ModeResult = {
		mode,
		bytes,
		ours: summarise(ours),
		builtin: builtin.length > 0 ? summarise(builtin) : undefined,
	};
	recordMode(ctx, result);
	describeRuns(ctx, result);
	return result;
}

/** Our median against the limit for a process like n8n's (a raw copy holding a heap of its size). */
export function recordLimitShare(ctx: BenchContext, result: ModeResult, limitRate: number): void {
	const share = result.ours.rate / limitRate;
	ctx.report.record({
		scenario: 'P3',
		measure: `${result.mode}: ours / raw copy holding n8n's heap`,
		value: pct(share),
		target: `≥ ${pct(TARGETS.throughputShare)}`,
		met: share >= TARGETS.throughputShare,
	});
}
