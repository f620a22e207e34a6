/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// P3's limit for a process like n8n's (full runs): the same workflow again in an n8n whose garbage
// collections are recorded (a PerformanceObserver preloaded), then a raw copy in a process that
// holds a live heap as big as n8n's was. The download here is not a measured run; the raw copy's
// throughput is the limit our median is held against.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Simulator } from '../simulator';
import { OUTBOUND_GUARD } from '../support/n8n/environment';
import { N8nInstance } from '../support/n8n/instance';
import { formatBytes, formatSeconds, median, mibps, rawDownload } from './measure';
import { contentUrl, type BenchContext } from './n8n-runs';
import { OUR_DOWNLOAD, measureDownload, type DownloadMeasure } from './p3-download';

/** A preload that records n8n's garbage collections (PerformanceObserver 'gc'), for the diagnostic run. */
const GC_OBSERVER = String.raw`
const { PerformanceObserver } = require('node:perf_hooks');
const fs = require('node:fs');
const out = process.env.SORA_BENCH_GC_LOG + '.' + process.pid;
new PerformanceObserver((list) => {
  const { arrayBuffers: ab, heapUsed: heap } = process.memoryUsage();
  fs.appendFileSync(out, list.getEntries().map((e) => JSON.stringify({ t: performance.timeOrigin + e.startTime, kind: e.detail && e.detail.kind, ms: e.duration, ab, heap })).join('\n') + '\n');
}).observe({ entryTypes: ['gc'] });
`;

interface GcEntry {
	t: number;
	kind: number;
	ms: number;
	ab: number;
	heap: number;
}

/** What n8n's collections did during the download. */
interface GcSummary {
	major: GcEntry[];
	minor: GcEntry[];
	/** The most ArrayBuffer memory between collections. */
	maxArrayBuffers: number;
	/** n8n's V8 heap in use (median over the collections). */
	heap: number;
}

const totalMs = (list: GcEntry[]) => list.reduce((total, entry) => total + entry.ms, 0);

/** The collections the observer logged for process `m.pid` during the download. */
function gcDuring(gcLog: string, m: DownloadMeasure): GcSummary {
	const file = `${gcLog}.${m.pid}`;
	const entries = existsSync(file)
		? readFileSync(file, 'utf8')
				.split('\n')
				.filter((line) => line.trim() !== '')
				.map((line) => JSON.parse(line) as GcEntry)
		: [];
	const during = entries.filter((entry) => entry.t >= m.contentStart && entry.t <= m.downloadEnd);
	return {
		major: during.filter((entry) => entry.kind === 2 || entry.kind === 4),
		minor: during.filter((entry) => entry.kind === 1),
		maxArrayBuffers: Math.max(0, ...during.map((entry) => entry.ab)),
		heap: median(during.map((entry) => entry.heap)),
	};
}

/** The raw copy again in a process that first builds a live heap as big as n8n's; returns its details sentence. */
async function copyWithHeavyHeap(
	ctx: BenchContext,
	sim: Simulator,
	m: DownloadMeasure,
	gc: GcSummary,
	rawFile: string,
): Promise<string> {
	const { heap } = gc;
	try {
		const raw = await rawDownload(
			ctx.runtime.node,
			contentUrl(sim, m.id),
			ctx.apiKey,
			rawFile,
			0,
			heap,
		);
		const ms = raw.endMs - raw.startMs;
		const rate = mibps(m.bytes, ms);
		ctx.report.record({
			scenario: 'P3',
			measure: `diagnosis: raw copy holding a ${formatBytes(heap)} live heap like n8n`,
			value: `${rate.toFixed(0)} MiB/s`,
			target: '—',
		});
		const { p3 } = ctx.report.facts;
		if (p3)
			p3.heavy = {
				rate,
				heap,
				majorGcs: gc.major.length,
				maxArrayBuffers: gc.maxArrayBuffers,
			};
		console.log(`  raw copy with a ${formatBytes(heap)} live heap: ${rate.toFixed(0)} MiB/s`);
		return (
			` The same raw copy (node:http → fs write stream) in a process that first builds a live heap of ${formatBytes(raw.heapUsed ?? heap)} ` +
			`(n8n's was ${formatBytes(heap)}): ${formatSeconds(ms)}, ${rate.toFixed(0)} MiB/s, ${formatSeconds(raw.cpuMs)} CPU.`
		);
	} finally {
		rmSync(rawFile, { force: true });
	}
}

/** The diagnostic run's details paragraph and progress line. */
function reportDiagnosis(ctx: BenchContext, m: DownloadMeasure, gc: GcSummary, heapCopy: string) {
	const { major, minor, heap, maxArrayBuffers } = gc;
	ctx.report.details.P3.push(
		`Diagnostic run (the same workflow in a second n8n user folder with a PerformanceObserver for \`gc\` preloaded; not a measured run): the download took ${formatSeconds(m.ms)} ` +
			`(${mibps(m.bytes, m.ms).toFixed(0)} MiB/s) with an RSS rise of ${formatBytes(m.rise)}; n8n's V8 heap in use was ${formatBytes(heap)}. During the download n8n ran ` +
			`${major.length} major (mark-compact) collections (${totalMs(major).toFixed(0)} ms of final pauses; the incremental marking before each is extra) and ${minor.length} scavenges ` +
			`(${totalMs(minor).toFixed(0)} ms). Between collections the ArrayBuffer memory (the response's chunks, already written and dead) reached ${formatBytes(maxArrayBuffers)}.` +
			heapCopy,
	);
	console.log(
		`  diagnostic: heap ${formatBytes(heap)}, ${major.length} major GCs (${totalMs(major).toFixed(0)} ms), ${minor.length} scavenges, array buffers up to ${formatBytes(maxArrayBuffers)}`,
	);
}

/** A second n8n user folder whose processes preload the GC observer (and the outbound guard). */
function observedInstance(ctx: BenchContext, gcLog: string): N8nInstance {
	const observer = join(ctx.scratch, 'gc-observer.cjs');
	writeFileSync(observer, GC_OBSERVER);
	const nodeOptions = [
		existsSync(OUTBOUND_GUARD) ? `--require ${OUTBOUND_GUARD}` : '',
		`--require ${observer}`,
	]
		.filter(Boolean)
		.join(' ');
	return N8nInstance.create(ctx.runtime, {
		env: { NODE_OPTIONS: nodeOptions, SORA_BENCH_GC_LOG: gcLog },
		log: (line) => console.log(`  [n8n] ${line}`),
	});
}

export async function diagnoseGc(ctx: BenchContext, bytes: number, rawFile: string): Promise<void> {
	console.log("  diagnostic run: the same workflow with n8n's garbage collections recorded");
	const gcLog = join(ctx.scratch, 'gc');
	const diagnostic = observedInstance(ctx, gcLog);
	try {
		await diagnostic.installPackage(ctx.tarball);
		await measureDownload(ctx, diagnostic, OUR_DOWNLOAD, bytes, async (sim, m) => {
			const gc = gcDuring(gcLog, m);
			const heapCopy =
				Number.isFinite(gc.heap) && gc.heap > 0
					? await copyWithHeavyHeap(ctx, sim, m, gc, rawFile)
					: '';
			reportDiagnosis(ctx, m, gc, heapCopy);
		});
	} catch (error) {
		ctx.report.details.P3.push(`Diagnostic run failed: ${(error as Error).message.split('\n')[0]}`);
	} finally {
		await diagnostic.dispose();
	}
}
