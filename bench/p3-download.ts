/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// P3's measuring run: one video padded to a given size downloaded by a node in n8n (in the
// instance's binary data mode), the `n8n execute` process's memory sampled meanwhile, and the download's time,
// throughput, RSS rise and CPU share read from the samples and the simulator's log.
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { Simulator } from '../simulator';
import { createdIds } from '../support/simulator-log';
import { nodeItems, type ExecuteResult, type N8nInstance } from '../support/n8n/instance';
import type { BinaryRef } from '../support/n8n/run-data';
import { runSqliteScript } from '../support/n8n/sqlite';
import {
	MiB,
	formatBytes,
	formatSeconds,
	mibps,
	pct,
	startRssSampler,
	type RssSample,
} from './measure';
import {
	CONTENT_ROUTE,
	nodeEnd,
	nodeRun,
	prepareWorkflow,
	requireRun,
	type BenchContext,
	type CredentialType,
} from './n8n-runs';

export interface DownloadMeasure {
	id: string;
	bytes: number;
	/** Simulator clock (Date.now) when the content request arrived. */
	contentStart: number;
	/** The downloading node's end (startTime + executionTime). */
	downloadEnd: number;
	ms: number;
	samples: RssSample[];
	baseline: RssSample;
	peak: RssSample;
	rise: number;
	hwmAtEnd: number;
	/** n8n's CPU use over the download, as a share of one core. */
	cpuShare: number;
	nodeStart: number;
	pid: number;
	contentRequests: number;
}

/** The workflow that downloads, and the node in it whose download is measured. */
export interface DownloadWorkflow {
	file: string;
	credentialType: CredentialType;
	nodeName: string;
}

/** Our Create → Wait for Completion → Download. */
export const OUR_DOWNLOAD: DownloadWorkflow = {
	file: 'p3-download.json',
	credentialType: 'soraVideosApi',
	nodeName: 'Download',
};

/** n8n's OpenAI node, video: generate. */
export const BUILTIN_DOWNLOAD: DownloadWorkflow = {
	file: 'p3-builtin.json',
	credentialType: 'openAiApi',
	nodeName: 'Generate a video',
};

/** Reads a stored row's length and deletes the row (P3 keeps one copy of the big file at a time). */
const TAKE_BINARY_ROW = `
const sqlite3 = require(process.argv[1]);
const db = new sqlite3.Database(process.argv[2]);
db.get('SELECT length(data) AS size FROM binary_data WHERE fileId = ?', [process.argv[3]], (error, row) => {
  if (error) { console.error(error.message); process.exit(1); }
  db.run('DELETE FROM binary_data WHERE fileId = ?', [process.argv[3]], (failed) => {
    if (failed) { console.error(failed.message); process.exit(1); }
    process.stdout.write(String(row ? row.size : 0));
    db.close();
  });
});
`;

/**
 * How many bytes n8n stored for `binary`, which is then deleted: a file in filesystem mode, a row
 * of the SQLite `binary_data` table in database mode.
 */
function takeStored(instance: N8nInstance, binary: BinaryRef): number {
	const id = String(binary.id ?? '');
	if (id.startsWith('database:')) {
		const database = join(instance.n8nFolder, 'database.sqlite');
		const fileId = id.slice('database:'.length);
		const taken = runSqliteScript(instance.runtime, database, TAKE_BINARY_ROW, [fileId]);
		if (taken.status !== 0) throw new Error(`reading ${id}'s size failed: ${taken.stderr}`);
		return Number(taken.stdout);
	}
	const stored = instance.binaryPath(binary);
	if (!stored) return 0;
	const size = statSync(stored).size;
	rmSync(stored, { force: true });
	return size;
}

/** Executes the workflow while a sampler reads the `n8n execute` process's memory. */
async function executeSampled(
	ctx: BenchContext,
	instance: N8nInstance,
	workflowId: string,
): Promise<{ result: ExecuteResult; samples: RssSample[]; pid: number }> {
	const sampler = startRssSampler([ctx.runtime.n8nBin, 'execute', `--id=${workflowId}`], {
		intervalMs: 50,
	});
	let result: ExecuteResult;
	let samples: RssSample[];
	let pid = 0;
	try {
		result = await instance.execute(workflowId, { timeoutMs: 20 * 60_000 });
	} finally {
		samples = await sampler.stop();
		pid = await sampler.found.catch(() => 0);
	}
	return { result, samples, pid };
}

/** The download's figures: from the content request to the node's end, against the last sample before it. */
function downloadFigures(
	what: string,
	samples: RssSample[],
	contentStart: number,
	downloadEnd: number,
): Pick<DownloadMeasure, 'baseline' | 'peak' | 'rise' | 'hwmAtEnd' | 'cpuShare'> {
	if (samples.length === 0)
		throw new Error(`${what}: no memory samples (the n8n process was not found)`);
	const before = samples.filter((sample) => sample.t < contentStart);
	const during = samples.filter((sample) => sample.t >= contentStart && sample.t <= downloadEnd);
	if (before.length === 0 || during.length === 0)
		throw new Error(
			`${what}: ${before.length} memory samples before and ${during.length} during the download; cannot compare`,
		);
	const baseline = before[before.length - 1]!;
	const peak = during.reduce((best, sample) => (sample.rss > best.rss ? sample : best));
	const last = during[during.length - 1]!;
	return {
		baseline,
		peak,
		rise: peak.rss - baseline.rss,
		hwmAtEnd: last.hwm,
		cpuShare:
			last.t > baseline.t ? (last.cpuMs - baseline.cpuMs) / (last.t - baseline.t) : Number.NaN,
	};
}

/**
 * Runs a one-video workflow against a fresh simulator that pads the MP4 to `bytes`, sampling the
 * `n8n execute` process's memory, and measures the download done by `workflow.nodeName`. n8n's
 * copy of the file (a file or a database row) is deleted before `afterRun` (P3 never keeps two big
 * files around).
 */
export async function measureDownload(
	ctx: BenchContext,
	instance: N8nInstance,
	workflow: DownloadWorkflow,
	bytes: number,
	afterRun?: (sim: Simulator, measure: DownloadMeasure) => Promise<void>,
): Promise<DownloadMeasure> {
	const what = workflow.file;
	const { sim, workflowId } = await prepareWorkflow(
		{ instance, apiKey: ctx.apiKey },
		{ renderMs: ctx.config.bigRenderMs, videoBytes: bytes },
		workflow.credentialType,
		workflow.file,
	);
	try {
		const { result, samples, pid } = await executeSampled(ctx, instance, workflowId);
		const run = requireRun(result, what);
		const node = nodeRun(run, workflow.nodeName);
		const items = nodeItems(run, workflow.nodeName);
		const binary = items[0]?.binary?.data;
		if (!binary) throw new Error(`${what}: "${workflow.nodeName}" emitted no file`);
		const size = takeStored(instance, binary);
		if (size !== bytes)
			throw new Error(`${what}: n8n stored ${size} bytes, the simulator serves ${bytes}`);
		const content = sim
			.log()
			.filter((entry) => entry.route === CONTENT_ROUTE && entry.status === 200);
		if (content.length === 0) throw new Error(`${what}: the simulator logged no content request`);
		const contentStart = content[content.length - 1]!.time;
		const downloadEnd = nodeEnd(node);
		const measure: DownloadMeasure = {
			id: String(createdIds(sim)[0] ?? items[0]!.json.id),
			bytes,
			contentStart,
			downloadEnd,
			ms: downloadEnd - contentStart,
			samples,
			...downloadFigures(what, samples, contentStart, downloadEnd),
			nodeStart: node.startTime!,
			pid,
			contentRequests: content.length,
		};
		if (afterRun) await afterRun(sim, measure);
		return measure;
	} finally {
		await sim.stop();
	}
}

/** RSS above `baseline` (MiB) at each tenth of fromMs → toMs, from the nearest sample. */
function curve(
	samples: RssSample[],
	fromMs: number,
	toMs: number,
	baseline: number,
	points = 10,
): string {
	const parts: string[] = [];
	for (let i = 0; i <= points; i++) {
		const at = fromMs + ((toMs - fromMs) * i) / points;
		const nearest = samples.reduce<RssSample | undefined>(
			(best, sample) => (!best || Math.abs(sample.t - at) < Math.abs(best.t - at) ? sample : best),
			undefined,
		);
		if (nearest)
			parts.push(
				`${i * 10}%: ${nearest.rss - baseline >= 0 ? '+' : ''}${((nearest.rss - baseline) / MiB).toFixed(1)}`,
			);
	}
	return parts.join(', ');
}

/** RSS above the baseline at `fraction` of the download, from the nearest sample. */
export function riseAt(m: DownloadMeasure, fraction: number): number {
	const at = m.contentStart + m.ms * fraction;
	const nearest = m.samples.reduce((best, sample) =>
		Math.abs(sample.t - at) < Math.abs(best.t - at) ? sample : best,
	);
	return nearest.rss - m.baseline.rss;
}

/** A details paragraph on one measured download. */
export function describeDownload(label: string, m: DownloadMeasure): string {
	return (
		`${label}: ${m.samples.length} samples of the \`n8n execute\` process (pid ${m.pid}). The node started at ${new Date(m.nodeStart).toISOString()}; ` +
		`the simulator received the content request ${m.contentStart - m.nodeStart} ms later and the node returned ${formatSeconds(m.ms)} after it ` +
		`(${mibps(m.bytes, m.ms).toFixed(0)} MiB/s; n8n used ${pct(m.cpuShare)} of a core meanwhile). Baseline, the last sample before the content request ` +
		`(${m.contentStart - m.baseline.t} ms before it): ${formatBytes(m.baseline.rss)}; peak during the download ${formatBytes(m.peak.rss)}, ` +
		`${formatSeconds(m.peak.t - m.contentStart)} into it: a rise of ${formatBytes(m.rise)}. VmHWM (lifetime peak, start-up included): ` +
		`${formatBytes(m.baseline.hwm)} before the download, ${formatBytes(m.hwmAtEnd)} at its end. RSS above the baseline (MiB) at each tenth of the download: ` +
		`${curve(m.samples, m.contentStart, m.downloadEnd, m.baseline.rss)}.`
	);
}
