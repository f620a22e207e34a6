/* eslint-disable no-console -- Node tooling, not published (DEVELOPERS.md) */
// P1 at pipeline scale: config.p1Scale's jobs, each rendering renderMs with its MP4 padded to
// videoBytes, through P1's workflow (Code → Sora Videos Create → Wait for Completion with
// download), in n8n's regular mode (`n8n execute`, SQLite, the filesystem store) and in queue mode
// (a main and 2 workers, Redis, PostgreSQL, binary data in the database; bench/p1-scale-queue.ts),
// the same rows for each. Wall time (n8n's startedAt → stoppedAt) against the ideal (one render
// plus one raw download of one of the files), every stored file's sha256 against the simulator's,
// and where the Create node's time goes: its start → the simulator's first POST → last POST → its
// end. The short run (--short) measures regular mode only (bench/options.ts says why).
import { createHash } from 'node:crypto';

import type { RequestLogEntry, Simulator, SimulatorOptions } from '../simulator';
import { nodeItems, type N8nRun } from '../support/n8n/instance';
import type { BinaryRef } from '../support/n8n/run-data';
import { formatBytes, formatSeconds, loadNow, median, MiB, ratio } from './measure';
import { CONTENT_ROUTE, CREATE_ROUTE, nodeRun, wallTime, type BenchContext } from './n8n-runs';
import { promptsFor, QUEUE_BINARY_MODE, QUEUE_WORKERS, TARGETS } from './options';
import { checkOurItems, idealBatch, runBatch } from './p1-batch';
import { inQueueMode } from './p1-scale-queue';
import { step } from './report';

/** The Create node's run against the simulator's log of its POSTs (arrival times, ms). */
export interface CreateTimeline {
	toFirstPostMs: number;
	firstToLastPostMs: number;
	lastPostToEndMs: number;
	/** Between consecutive POSTs. */
	medianGapMs: number;
	maxGapMs: number;
}

export function createTimeline(
	startMs: number,
	endMs: number,
	postTimes: number[],
): CreateTimeline {
	const posts = [...postTimes].sort((a, b) => a - b);
	if (posts.length === 0) throw new Error('the simulator saw no POST /videos');
	const gaps = posts.slice(1).map((time, index) => time - posts[index]!);
	return {
		toFirstPostMs: posts[0]! - startMs,
		firstToLastPostMs: posts[posts.length - 1]! - posts[0]!,
		lastPostToEndMs: endMs - posts[posts.length - 1]!,
		medianGapMs: gaps.length > 0 ? median(gaps) : 0,
		maxGapMs: gaps.length > 0 ? Math.max(...gaps) : 0,
	};
}

/** One mode's execution: how it ran, and how to read what it stored. */
interface ScaleSide {
	/** `regular` or `queue`, in every row of this side. */
	mode: string;
	/** How the side ran, for the details. */
	conditions: string;
	sim: Simulator;
	run: N8nRun;
	readBinary(binary: BinaryRef): Promise<Buffer | undefined>;
	/** Whether the item's file is in the side's store (before its bytes are checked). */
	stored?(binary: BinaryRef): boolean;
}

/** The ids whose stored file differs from what the simulator serves for that job. */
async function damagedFiles(side: ScaleSide): Promise<string[]> {
	const damaged: string[] = [];
	for (const item of nodeItems(side.run, 'Wait for Completion')) {
		const id = String(item.json.id);
		const bytes = item.binary?.data ? await side.readBinary(item.binary.data) : undefined;
		const sha256 = bytes ? createHash('sha256').update(bytes).digest('hex') : undefined;
		if (sha256 !== (await side.sim.expectedSha256(id))) damaged.push(id);
	}
	return damaged;
}

function recordTimeline(ctx: BenchContext, log: RequestLogEntry[], { mode, run }: ScaleSide): void {
	const create = nodeRun(run, 'Create');
	const posts = log.filter((entry) => entry.route === CREATE_ROUTE).map((entry) => entry.time);
	const downloads = log.filter((entry) => entry.route === CONTENT_ROUTE).map((e) => e.time);
	const timeline = createTimeline(
		create.startTime!,
		create.startTime! + create.executionTime!,
		posts,
	);
	ctx.report.record({
		scenario: 'P1',
		measure: `scale, ${mode}: Create's start → its first POST (${posts.length} items)`,
		value: formatSeconds(timeline.toFirstPostMs),
		target: `≤ ${formatSeconds(TARGETS.firstPostMs)}`,
		met: timeline.toFirstPostMs <= TARGETS.firstPostMs,
	});
	const wait = nodeRun(run, 'Wait for Completion');
	const waitEndMs = wait.startTime! + wait.executionTime!;
	const storedBytes = downloads.length * (ctx.config.p1Scale.videoBytes ?? 0);
	const drainMs = waitEndMs - Math.min(...downloads);
	ctx.report.details.P1.push(
		`Scale, ${mode}, where the time went: Create started ${formatSeconds(create.startTime! - wallTime(run).startMs)} after the execution, its first POST reached the simulator ${formatSeconds(timeline.toFirstPostMs)} later, ` +
			`the last ${formatSeconds(timeline.firstToLastPostMs)} after the first (between POSTs: median ${formatSeconds(timeline.medianGapMs)}, max ${formatSeconds(timeline.maxGapMs)}), ` +
			`and Create returned ${formatSeconds(timeline.lastPostToEndMs)} after the last. Wait for Completion ran ${formatSeconds(wait.executionTime!)}; ` +
			`its ${downloads.length} content requests arrived over ${formatSeconds(Math.max(...downloads) - Math.min(...downloads))}, ` +
			`the last one ${formatSeconds(waitEndMs - Math.max(...downloads))} before Wait for Completion returned` +
			(storedBytes > 0
				? ` (${formatBytes(storedBytes)} stored in ${formatSeconds(drainMs)} from the first, ${(storedBytes / MiB / (drainMs / 1000)).toFixed(0)} MiB/s) `
				: ' ') +
			`(the execution's other nodes: ${otherNodes(run)}).`,
	);
}

/** The run's other nodes and their execution times, for the wall time the two video nodes do not explain. */
function otherNodes(run: N8nRun): string {
	return Object.keys(run.data.resultData.runData)
		.filter((name) => name !== 'Create' && name !== 'Wait for Completion')
		.map((name) => `${name} ${formatSeconds(nodeRun(run, name).executionTime!)}`)
		.join(', ');
}

/** Records a side's rows and details: wall / ideal, Create's first POST, the files' sha256. */
async function recordScale(ctx: BenchContext, side: ScaleSide, load: string): Promise<void> {
	const { jobs, renderMs } = ctx.config.p1Scale;
	const { mode, sim, run } = side;
	const size = mp4Size(ctx);
	const ids = checkOurItems(ctx, sim, run, `P1 scale ${mode}`, jobs, side.stored);
	// The simulator's log before the raw download below adds a content request to it.
	const log = sim.log();
	const wall = wallTime(run);
	const { idealMs, rawMs, rawBytes } = await idealBatch(ctx, sim, ids[0]!, renderMs);
	const factor = wall.ms / idealMs;
	ctx.report.record({
		scenario: 'P1',
		measure: `scale, ${mode}: ${jobs} × ${renderMs / 1000} s, ${size}, wall / ideal (${formatSeconds(wall.ms)} / ${formatSeconds(idealMs)})`,
		value: ratio(factor),
		target: `≤ ${TARGETS.scaleOverIdeal}×`,
		met: factor <= TARGETS.scaleOverIdeal,
	});
	recordTimeline(ctx, log, side);
	const damaged = await damagedFiles(side);
	ctx.report.record({
		scenario: 'P1',
		measure: `scale, ${mode}: stored files whose sha256 differs from the simulator's`,
		value: damaged.length === 0 ? '0' : `${damaged.length}: ${damaged.slice(0, 3).join(', ')}`,
		target: '0',
		met: damaged.length === 0,
	});
	ctx.report.details.P1.push(
		`Scale, ${mode} (${side.conditions}; ${load} at its start): execution wall time ${formatSeconds(wall.ms)} (${wall.source}); ideal ${formatSeconds(idealMs)} = ${formatSeconds(renderMs, 0)} + ${rawMs} ms for one raw download of ${formatBytes(rawBytes)}.`,
	);
	console.log(
		`  ${mode}: wall ${formatSeconds(wall.ms)}, ideal ${formatSeconds(idealMs)}, ${damaged.length} damaged`,
	);
}

/** The simulator of both sides: every job rendering renderMs, its MP4 padded to videoBytes. */
function scaleSimulator(ctx: BenchContext): Partial<SimulatorOptions> {
	const { renderMs, videoBytes } = ctx.config.p1Scale;
	return { renderMs, renderAhead: true, videoBytes };
}

function mp4Size({ config }: BenchContext): string {
	const { videoBytes } = config.p1Scale;
	return `${videoBytes === null ? 'bare' : formatBytes(videoBytes)} MP4s`;
}

function announce(ctx: BenchContext, mode: string): void {
	const { jobs, renderMs } = ctx.config.p1Scale;
	step(`P1 scale: ${jobs} jobs × ${renderMs / 1000} s render, ${mp4Size(ctx)}, ${mode} mode`);
}

export async function scenarioP1Scale(ctx: BenchContext): Promise<void> {
	announce(ctx, 'regular');
	const load = loadNow();
	const { sim, run } = await runBatch(ctx, {
		what: 'P1 scale',
		credentialType: 'soraVideosApi',
		workflowFile: 'p1-ours.json',
		timeoutMs: 15 * 60_000,
		prompts: promptsFor(ctx.config.p1Scale.jobs),
		simulator: scaleSimulator(ctx),
	});
	try {
		await recordScale(
			ctx,
			{
				mode: 'regular',
				conditions: `n8n execute, SQLite, binary data in ${ctx.instance.binaryStoreName()}`,
				sim,
				run,
				readBinary: async (binary) => ctx.instance.readBinary(binary),
			},
			load,
		);
	} finally {
		await sim.stop();
	}
}

/** The same run in queue mode: a main and 2 workers, started by a webhook (bench/p1-scale-queue.ts). */
export async function scenarioP1ScaleQueue(ctx: BenchContext): Promise<void> {
	announce(ctx, 'queue');
	const spec = { prompts: promptsFor(ctx.config.p1Scale.jobs), simulator: scaleSimulator(ctx) };
	await inQueueMode(ctx, spec, async (queue) => {
		const conditions =
			`n8n start + ${QUEUE_WORKERS} × n8n worker, Redis, PostgreSQL, binary data mode ${QUEUE_BINARY_MODE}, ` +
			`started by a production webhook and run by worker ${queue.worker}, the webhook answered in ${formatSeconds(queue.callMs)}`;
		await recordScale(
			ctx,
			{
				mode: 'queue',
				conditions,
				sim: queue.sim,
				run: queue.run,
				readBinary: queue.readBinary,
				// Its store is PostgreSQL's: the sha256 check reads every file through the main.
				stored: (binary) => Boolean(binary.id),
			},
			queue.load,
		);
	});
}
