/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, no-console -- Node tooling, not published (DEVELOPERS.md) */
// P1 batch: this run's prompts, each rendering config.renderMs, through Code → Sora Videos Create →
// Wait for Completion (download) and through Code → n8n's OpenAI node (video: generate). Wall time
// of each execution against the ideal: one render plus one raw loopback download of the same MP4.
// bench/p1-scale.ts and bench/p2-profiles.ts run their batches through runBatch() too.
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import type { Simulator, SimulatorOptions } from '../simulator';
import { createdIds } from '../support/simulator-log';
import { nodeItems, type N8nRun } from '../support/n8n/instance';
import type { BinaryRef } from '../support/n8n/run-data';
import { formatBytes, formatSeconds, rawDownload, ratio } from './measure';
import {
	BUILTIN_NODE_TYPE,
	contentUrl,
	nodeEnd,
	nodeRun,
	prepareWorkflow,
	requireRun,
	statusRequests,
	wallTime,
	type BenchContext,
	type CredentialType,
} from './n8n-runs';
import { PROMPTS, TARGETS } from './options';
import { completionLag } from './p2-completion-lag';
import { step } from './report';

/** What P1's built-in side compares itself with. */
export interface P1Ours {
	wallMs: number;
}

/** One batch run: a bench/ workflow with these prompts against a fresh simulator. */
export interface BatchSpec {
	what: string;
	credentialType: CredentialType;
	workflowFile: string;
	timeoutMs: number;
	prompts: string[];
	simulator: Partial<SimulatorOptions>;
	/** The credential's Server (ours only; default: Any OpenAI-Compatible Server). */
	server?: string;
}

/**
 * Executes `spec` to the end. Like prepareWorkflow(), it stops the simulator when it fails and
 * otherwise leaves it running for the caller to read and stop.
 */
export async function runBatch(
	ctx: BenchContext,
	spec: BatchSpec,
): Promise<{ sim: Simulator; run: N8nRun }> {
	const { sim, workflowId } = await prepareWorkflow(
		ctx,
		spec.simulator,
		spec.credentialType,
		spec.workflowFile,
		spec.prompts,
		spec.server,
	);
	try {
		const result = await ctx.instance.execute(workflowId, { timeoutMs: spec.timeoutMs });
		return { sim, run: requireRun(result, spec.what) };
	} catch (error) {
		await sim.stop();
		throw error;
	}
}

/** P1's side `what` with this run's prompts, each rendering config.renderMs. */
function p1Spec(
	ctx: BenchContext,
	what: string,
	credentialType: CredentialType,
	workflowFile: string,
	timeoutMs: number,
): BatchSpec {
	return {
		what,
		credentialType,
		workflowFile,
		timeoutMs,
		prompts: PROMPTS.slice(0, ctx.config.prompts),
		// As a real server has the file once a job completes, so downloads time the transfer, not ffmpeg.
		simulator: { renderMs: ctx.config.renderMs, renderAhead: true },
	};
}

/**
 * Wait for Completion's items of run `what`: one completed job with a downloaded file per prompt
 * (`stored`: by default, a file of some size in this instance's store); their ids.
 */
export function checkOurItems(
	ctx: BenchContext,
	sim: Simulator,
	run: N8nRun,
	what: string,
	expected: number,
	stored = (binary: BinaryRef) => Boolean(ctx.instance.binarySize(binary)),
): string[] {
	const items = nodeItems(run, 'Wait for Completion');
	if (items.length !== expected)
		throw new Error(
			`${what}: Wait for Completion emitted ${items.length} items, expected ${expected}`,
		);
	for (const item of items) {
		if (item.json.status !== 'completed')
			throw new Error(`${what}: ${String(item.json.id)} is ${String(item.json.status)}`);
		const binary = item.binary?.data;
		if (!binary || !stored(binary))
			throw new Error(`${what}: ${String(item.json.id)} has no downloaded file`);
	}
	const created = createdIds(sim);
	if (created.length !== expected)
		ctx.report.problems.push(
			`${what}: the simulator saw ${created.length} creates for ${expected} prompts`,
		);
	return items.map((item) => String(item.json.id));
}

/** The ideal: a job renders renderMs; then one download of the same MP4 with nothing in between. */
export async function idealBatch(
	ctx: BenchContext,
	sim: Simulator,
	id: string,
	renderMs: number,
): Promise<{ idealMs: number; rawMs: number; rawBytes: number }> {
	const file = join(ctx.scratch, 'p1-raw.mp4');
	const rawMp4 = await rawDownload(ctx.runtime.node, contentUrl(sim, id), ctx.apiKey, file);
	rmSync(file, { force: true });
	if (rawMp4.status !== 200) throw new Error(`P1: raw download answered ${rawMp4.status}`);
	const rawMs = rawMp4.endMs - rawMp4.startMs;
	return { idealMs: renderMs + rawMs, rawMs, rawBytes: rawMp4.bytes };
}

export async function scenarioP1Ours(ctx: BenchContext): Promise<P1Ours> {
	const { config, report } = ctx;
	step(
		`P1 ours: ${config.prompts} prompts × ${config.renderMs / 1000} s render → Create → Wait for Completion (download)`,
	);
	const { sim, run } = await runBatch(
		ctx,
		p1Spec(ctx, 'P1 ours', 'soraVideosApi', 'p1-ours.json', 15 * 60_000),
	);
	try {
		const wall = wallTime(run);
		const create = nodeRun(run, 'Create');
		const wait = nodeRun(run, 'Wait for Completion');
		const code = nodeRun(run, 'Prompts');
		const ids = checkOurItems(ctx, sim, run, 'P1 ours', config.prompts);
		const { idealMs, rawMs, rawBytes } = await idealBatch(ctx, sim, ids[0]!, config.renderMs);
		report.record({
			scenario: 'P1',
			measure: 'ideal: render + one raw MP4 download',
			value: `${formatSeconds(idealMs)} (${formatSeconds(config.renderMs, 0)} + ${rawMs} ms for ${formatBytes(rawBytes)})`,
			target: '—',
		});
		report.record({
			scenario: 'P1',
			measure: `ours: execution wall time, ${config.prompts} videos`,
			value: formatSeconds(wall.ms),
			target: `≤ ${formatSeconds(idealMs * TARGETS.oursOverIdeal)}`,
		});
		report.record({
			scenario: 'P1',
			measure: 'ours / ideal',
			value: ratio(wall.ms / idealMs),
			target: `≤ ${TARGETS.oursOverIdeal}×`,
			met: wall.ms / idealMs <= TARGETS.oursOverIdeal,
		});
		const lag = completionLag(sim, ids, nodeEnd(wait));
		report.details.P1.push(
			`Execution wall time ${formatSeconds(wall.ms)} (${wall.source}); nodes: Prompts (Code) ${formatSeconds(code.executionTime!)}, ` +
				`Create ${formatSeconds(create.executionTime!)}, Wait for Completion ${formatSeconds(wait.executionTime!)}. ` +
				`${config.prompts} jobs created, ${ids.length} MP4s downloaded into the filesystem binary store.`,
		);
		console.log(
			`  wall ${formatSeconds(wall.ms)}, ideal ${formatSeconds(idealMs)}, median lag ${formatSeconds(lag.medianLagMs)}, status requests ${lag.readsPerJob.join(' ')}`,
		);
		return { wallMs: wall.ms };
	} finally {
		await sim.stop();
	}
}

export async function scenarioP1Builtin(
	ctx: BenchContext,
	ours: P1Ours | undefined,
): Promise<void> {
	const { config, report } = ctx;
	step(
		`P1 built-in: ${config.prompts} prompts × ${config.renderMs / 1000} s render → n8n's OpenAI node (video: generate)`,
	);
	const { sim, run } = await runBatch(
		ctx,
		p1Spec(ctx, 'P1 built-in', 'openAiApi', 'p1-builtin.json', 60 * 60_000),
	);
	try {
		const wall = wallTime(run);
		const items = nodeItems(run, 'Generate a video');
		if (items.length !== config.prompts)
			throw new Error(
				`P1 built-in: the OpenAI node emitted ${items.length} items, expected ${config.prompts}`,
			);
		for (const [index, item] of items.entries()) {
			const binary = item.binary?.data;
			if (!binary || !ctx.instance.binarySize(binary))
				throw new Error(`P1 built-in: item ${index} has no downloaded file`);
		}
		const ids = createdIds(sim);
		const polls = ids.map((id) => statusRequests(sim, id).length);
		report.record({
			scenario: 'P1',
			measure: `built-in OpenAI node: execution wall time`,
			value: formatSeconds(wall.ms),
			target: ours ? `≥ ${formatSeconds(ours.wallMs * TARGETS.builtinOverOurs)}` : '—',
		});
		if (ours) {
			const factor = wall.ms / ours.wallMs;
			report.record({
				scenario: 'P1',
				measure: 'built-in / ours',
				value: ratio(factor),
				target: `≥ ${TARGETS.builtinOverOurs}×`,
				met: factor >= TARGETS.builtinOverOurs,
			});
		}
		const lastCompleted = Math.max(...ids.map((id) => sim.completedAt(id) ?? Number.NaN));
		report.details.P1.push(
			`Built-in: n8n's OpenAI node (${BUILTIN_NODE_TYPE} v2.3, resource video, operation generate, model sora-2, 4 s, 1280x720, openAiApi credential with Base URL = the simulator) ` +
				`ran ${formatSeconds(wall.ms)} (${wall.source}): it handles one item at a time and sleeps a fixed 10 s after every status check, also after the one that saw \`completed\`. ` +
				`Status requests per job: ${polls.join(', ')}; the last job completed ${formatSeconds(wall.endMs - lastCompleted)} before the execution ended.`,
		);
		console.log(`  wall ${formatSeconds(wall.ms)}, status requests ${polls.join(' ')}`);
	} finally {
		await sim.stop();
	}
}
