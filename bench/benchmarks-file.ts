// BENCHMARKS.md from one full run: the verdict, the results table, how the run was made, what
// each scenario measured (with its details), what the missed targets come from, and how to
// reproduce it.
import { MiB, formatBytes, formatSeconds, markdownTable, type MachineInfo } from './measure';
import type { BenchConfig } from './options';
import type { BenchReport, CompletionLagFacts, DownloadFacts } from './report';

/** The facts of the run BENCHMARKS.md describes. */
export interface RunFacts {
	machine: MachineInfo;
	n8nVersion: string;
	/** ISO date, seconds precision. */
	date: string;
	totalMs: number;
}

/** Lines of a details list as Markdown paragraphs (one blank line between blocks). */
function paragraphs(lines: string[]): string[] {
	const out: string[] = [];
	for (const line of lines) {
		if (line === '') continue;
		out.push(line, '');
	}
	return out;
}

function completionLagFinding(p2: CompletionLagFacts): string {
	const gap = p2.checkAfterMs - p2.lastCheckBeforeMs;
	return (
		`**P2.** The median job was checked at +${formatSeconds(p2.firstCheckMs)} and +${formatSeconds(p2.lastCheckBeforeMs)} after its create ` +
		`(the simulator's progress then: about ${p2.progressAtLastCheck.toFixed(0)} %), then not until +${formatSeconds(p2.checkAfterMs)}: a ${formatSeconds(gap)} gap ` +
		`across the completion at +${formatSeconds(p2.completedMs)}, so the completion waited ${formatSeconds(p2.checkAfterMs - p2.completedMs)} for that check` +
		(Math.abs(gap - 20000) < 500
			? ", and the gap is the automatic poll interval's 20 s ceiling (`pollBounds.maxMs`)."
			: '.') +
		' With only one sample of rising progress the node extrapolates from `created_at`, which counts the queue time (progress 0) as render time and has 1 s resolution, ' +
		'so early in a render it overestimates the time left; a second, short check to measure the rate, or a ceiling relative to the time already waited, would land the check near the end.'
	);
}

function downloadFinding(p3: DownloadFacts, config: BenchConfig): string {
	const flat = p3.ours.riseAt100 - p3.ours.riseAt10 < 32 * MiB;
	const parts = [
		flat
			? `**P3.** The rise is flat over the download (+${formatBytes(p3.ours.riseAt10)} at a tenth of it, +${formatBytes(p3.ours.riseAt100)} at its end): the file is streamed, not held, but ` +
				`the chunks already written stay in memory until V8's next major collection.`
			: `**P3.** The rise grows with the download (+${formatBytes(p3.ours.riseAt10)} at a tenth of it, +${formatBytes(p3.ours.riseAt100)} at its end): something holds the bytes.`,
	];
	if (p3.raw.rise !== undefined)
		parts.push(
			`A plain node:http → file copy in a process of its own rises +${formatBytes(p3.raw.rise)} the same way, so most of the allowance is taken by Node's streaming itself.`,
		);
	if (p3.heavy) {
		parts.push(
			`Inside n8n every ~${formatBytes(config.bigBytes / Math.max(1, p3.heavy.majorGcs))} of chunks triggered a full mark-compact of its ${formatBytes(p3.heavy.heap)} heap (${p3.heavy.majorGcs} during the download, ` +
				`dead chunks peaking at ${formatBytes(p3.heavy.maxArrayBuffers)}); the same raw copy made to hold a heap that size runs at ${p3.heavy.rate.toFixed(0)} MiB/s instead of ${p3.raw.rate.toFixed(0)} MiB/s.`,
		);
	}
	if (p3.builtin)
		parts.push(
			`n8n's own OpenAI node downloads the same file at ${p3.builtin.rate.toFixed(0)} MiB/s with a rise of ${formatBytes(p3.builtin.rise)}; ours: ${p3.ours.rate.toFixed(0)} MiB/s, ${formatBytes(p3.ours.rise)}.`,
		);
	return parts.join(' ');
}

/** What the figures say about the targets that were missed, from this run's numbers. */
function findings(report: BenchReport, config: BenchConfig): string[] {
	const out: string[] = [];
	const { p2, p3 } = report.facts;
	if (p2 && report.missedIn('P2')) out.push(completionLagFinding(p2), '');
	if (p3 && report.missedIn('P3')) out.push(downloadFinding(p3, config), '');
	return out.length > 0 ? ['## What the misses come from', '', ...out] : [];
}

function verdict(report: BenchReport): string {
	const missed = report.missedRows();
	if (report.problems.length > 0)
		return `**Not every scenario produced its figures** (see Problems below).`;
	return missed.length === 0
		? 'All targets met.'
		: `**Missed:** ${missed.map((row) => `${row.scenario} ${row.measure}`).join('; ')}.`;
}

function runSection({ machine, n8nVersion, date, totalMs }: RunFacts): string[] {
	return [
		'## Run',
		'',
		`- Date: ${date}; the whole benchmark took ${formatSeconds(totalMs, 0)}.`,
		`- n8n ${n8nVersion} (npm package \`n8n\`, run with its CLI: \`n8n execute --id … --rawOutput\`), this package installed as a community package from \`npm pack\`, \`N8N_DEFAULT_BINARY_DATA_MODE=filesystem\`, SQLite.`,
		`- Node ${machine.n8nNode} for n8n (and the raw copies); Node ${machine.benchNode} for the benchmark runner and the simulator.`,
		`- Machine: ${machine.cpuModel}, ${machine.nproc} CPUs (\`nproc\`), ${machine.memoryGiB.toFixed(1)} GiB memory, ${machine.kernel}.`,
		'- Everything on 127.0.0.1: a fresh simulator (openai profile) per workflow run, real time (no virtual clock).',
		'',
	];
}

function scenarioSections(report: BenchReport, config: BenchConfig): string[] {
	return [
		'## Scenarios',
		'',
		`**P1 batch.** ${config.prompts} prompts (a Code node) → Sora Videos Create → Wait for Completion with Download When Completed, against the same prompts → n8n's OpenAI node, video: generate. Every job renders ${config.renderMs / 1000} s in the simulator, which makes its MP4 when the job is created (\`renderAhead\`), as a real server has the file once the job completes. Wall time is the execution's \`startedAt\` → \`stoppedAt\` from n8n's run data (process start-up is outside it). The ideal is one render plus one raw download of the same MP4 (node:http into a file): what a perfect client needs when all jobs run at once.`,
		'',
		...paragraphs(report.details.P1),
		`**P2 completion lag.** For each job of our P1 run: the time Wait for Completion emitted its output (its run's \`startTime + executionTime\`; n8n hands a node's items on when the node returns) minus the simulator's completion time of that job (\`completedAt(id)\`, same clock). Status requests are the simulator's \`GET /videos/{id}\` log entries per job, checked against 1 per 3 s of render.`,
		'',
		...paragraphs(report.details.P2),
		`**P3 memory.** One job whose MP4 the simulator pads to ${formatBytes(config.bigBytes)} (streamed), rendered in ${config.bigRenderMs / 1000} s, then Create → Wait for Completion → Download (binary property \`data\`), and n8n's OpenAI node (video: generate) on the same size, ${config.downloadRuns} runs each, alternating, in n8n's filesystem binary store and again in its database store (at most 512 MiB there: n8n's default limit for that store, which holds the file in memory). Throughput is bytes over the span from the simulator receiving the content request to the node returning (the file fully in the store), each side's median with its spread, against a raw loopback copy of the same bytes from the same simulator.`,
		'',
		...paragraphs(report.details.P3),
	];
}

function problemsSection(report: BenchReport): string[] {
	if (report.problems.length === 0) return [];
	return [
		'## Problems',
		'',
		...report.problems.map((problem) => `- ${problem.replace(/\n/g, '\n  ')}`),
		'',
	];
}

const REPRODUCE = [
	'## Reproduce',
	'',
	'```bash',
	'npm run bench            # this file: 10 prompts × 20 s, 1 GiB; exits 1 when a target is missed',
	'npm run bench -- --short # 3 prompts × 6 s, 64 MiB; prints the table, leaves this file alone',
	'```',
	'',
	'The first run installs the pinned n8n under Node 24 into `~/.cache/n8n-nodes-sora-videos/` (3–5 minutes, see',
	'support/n8n/runtime.ts); later runs reuse it. A full run takes about 7 minutes after that, most of it the',
	"built-in node's batch. P3 needs about 2 GiB of free disk (one 1 GiB copy at a time, each deleted once measured).",
	'The workflows are in `bench/` and can be imported into any n8n.',
	'',
];

export function benchmarksMarkdown(
	report: BenchReport,
	config: BenchConfig,
	run: RunFacts,
): string {
	const { header, cells } = report.resultTable('**no**');
	return [
		'# Benchmarks',
		'',
		'How well the Sora Videos node waits for and downloads videos in a real n8n, side by side with',
		"n8n's built-in OpenAI node, against the local simulator of the OpenAI Videos API. Written by",
		'`npm run bench` (bench/run.ts); every figure below comes from the one run described here.',
		'',
		verdict(report),
		'',
		markdownTable(header, cells),
		'',
		...runSection(run),
		...scenarioSections(report, config),
		...findings(report, config),
		...problemsSection(report),
		...REPRODUCE,
	].join('\n');
}
