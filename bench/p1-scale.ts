/* eslint-disable no-console -- Node tooling, not published (DEVELOPERS.md) */
// P1 at pipeline scale: config.p1Scale's jobs, each rendering renderMs with its MP4 padded to
// videoBytes, through P1's workflow (Code → Sora Videos Create → Wait for Completion with
// download), in n8n's regular mode. Wall time against the ideal (one render plus one raw download
// of one of the files), every stored file's sha256 against the simulator's, and where the Create
// node's time goes: its start → the simulator's first POST → last POST → its end.
import { createHash } from 'node:crypto';

import type { RequestLogEntry, Simulator } from '../simulator';
import { nodeItems, type N8nRun } from '../support/n8n/instance';
import { formatBytes, formatSeconds, loadNow, median, ratio } from './measure';
import { CONTENT_ROUTE, CREATE_ROUTE, nodeRun, wallTime, type BenchContext } from './n8n-runs';
import { promptsFor, TARGETS } from './options';
import { checkOurItems, idealBatch, runBatch } from './p1-batch';
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

/** The ids whose stored file differs from what the simulator serves for that job. */
async function damagedFiles(ctx: BenchContext, sim: Simulator, run: N8nRun): Promise<string[]> {
	const damaged: string[] = [];
	for (const item of nodeItems(run, 'Wait for Completion')) {
		const id = String(item.json.id);
		const bytes = item.binary?.data ? ctx.instance.readBinary(item.binary.data) : undefined;
		const sha256 = bytes ? createHash('sha256').update(bytes).digest('hex') : undefined;
		if (sha256 !== (await sim.expectedSha256(id))) damaged.push(id);
	}
	return damaged;
}

function recordTimeline(ctx: BenchContext, log: RequestLogEntry[], run: N8nRun): void {
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
		measure: `scale: Create's start → its first POST (${posts.length} items)`,
		value: formatSeconds(timeline.toFirstPostMs),
		target: `≤ ${formatSeconds(TARGETS.firstPostMs)}`,
		met: timeline.toFirstPostMs <= TARGETS.firstPostMs,
	});
	const wait = nodeRun(run, 'Wait for Completion');
	ctx.report.details.P1.push(
		`Scale, where the time went: Create started ${formatSeconds(create.startTime! - wallTime(run).startMs)} after the execution, its first POST reached the simulator ${formatSeconds(timeline.toFirstPostMs)} later, ` +
			`the last ${formatSeconds(timeline.firstToLastPostMs)} after the first (between POSTs: median ${formatSeconds(timeline.medianGapMs)}, max ${formatSeconds(timeline.maxGapMs)}), ` +
			`and Create returned ${formatSeconds(timeline.lastPostToEndMs)} after the last. Wait for Completion ran ${formatSeconds(wait.executionTime!)}; ` +
			`its ${downloads.length} content requests arrived over ${formatSeconds(Math.max(...downloads) - Math.min(...downloads))}, ` +
			`the last one ${formatSeconds(wait.startTime! + wait.executionTime! - Math.max(...downloads))} before Wait for Completion returned ` +
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

export async function scenarioP1Scale(ctx: BenchContext): Promise<void> {
	const { jobs, renderMs, videoBytes } = ctx.config.p1Scale;
	const size = `${videoBytes === null ? 'bare' : formatBytes(videoBytes)} MP4s`;
	step(`P1 scale: ${jobs} jobs × ${renderMs / 1000} s render, ${size}, regular mode`);
	const load = loadNow();
	const { sim, run } = await runBatch(ctx, {
		what: 'P1 scale',
		credentialType: 'soraVideosApi',
		workflowFile: 'p1-ours.json',
		timeoutMs: 15 * 60_000,
		prompts: promptsFor(jobs),
		simulator: { renderMs, renderAhead: true, videoBytes },
	});
	try {
		const ids = checkOurItems(ctx, sim, run, 'P1 scale', jobs);
		// The simulator's log before the raw download below adds a content request to it.
		const log = sim.log();
		const wall = wallTime(run);
		const { idealMs, rawMs, rawBytes } = await idealBatch(ctx, sim, ids[0]!, renderMs);
		const factor = wall.ms / idealMs;
		ctx.report.record({
			scenario: 'P1',
			measure: `scale: ${jobs} × ${renderMs / 1000} s, ${size}, wall / ideal (${formatSeconds(wall.ms)} / ${formatSeconds(idealMs)})`,
			value: ratio(factor),
			target: `≤ ${TARGETS.scaleOverIdeal}×`,
			met: factor <= TARGETS.scaleOverIdeal,
		});
		recordTimeline(ctx, log, run);
		const damaged = await damagedFiles(ctx, sim, run);
		ctx.report.record({
			scenario: 'P1',
			measure: `scale: stored files whose sha256 differs from the simulator's`,
			value: damaged.length === 0 ? '0' : `${damaged.length}: ${damaged.slice(0, 3).join(', ')}`,
			target: '0',
			met: damaged.length === 0,
		});
		ctx.report.details.P1.push(
			`Scale (${load} at its start): execution wall time ${formatSeconds(wall.ms)} (${wall.source}); ideal ${formatSeconds(idealMs)} = ${formatSeconds(renderMs, 0)} + ${rawMs} ms for one raw download of ${formatBytes(rawBytes)}.`,
		);
		console.log(
			`  wall ${formatSeconds(wall.ms)}, ideal ${formatSeconds(idealMs)}, ${damaged.length} damaged`,
		);
	} finally {
		await sim.stop();
	}
}
