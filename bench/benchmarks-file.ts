// BENCHMARKS.md from one full run: the verdict, the results table, how the run was made, what
// each scenario measured (with its details), what the missed targets come from, and how to
// reproduce it.
import { MiB, formatBytes, formatSeconds, markdownTable, type MachineInfo } from './measure';
import { QUEUE_BINARY_MODE, QUEUE_WORKERS, TARGETS, type BenchConfig } from './options';
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
			`n8n's own OpenAI node downloads the same file at ${p3.builtin.rate.toFixed(0)} MiB/s with a rise of ${formatBytes(p3.builtin.rise)}; ours: ${p3.ours.rate.toFixed(0)} MiB/s, ${formatBytes(p3.ours.rise)}. docs/download-speed.md has earlier runs and what differs between the two nodes' downloads.`,
		);
	return parts.join(' ');
}

/** P1 at scale's misses need runs the benchmark does not make (experiments, a CPU profile). */
const P1_SCALE_FINDING =
	"**P1.** Where the time goes at scale, run by run and in a CPU profile of n8n during the downloads, is in docs/p1-scale.md: Create's check reads every item's credential before the first POST (n8n resolves a credential per item), and the MP4s queue behind n8n's one JavaScript thread once the jobs finish together.";

/** What the figures say about the targets that were missed, from this run's numbers. */
function findings(report: BenchReport, config: BenchConfig): string[] {
	const out: string[] = [];
	const { p2, p3 } = report.facts;
	if (report.missedIn('P1')) out.push(P1_SCALE_FINDING, '');
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
		`- n8n ${n8nVersion} (npm package \`n8n\`, run with its CLI: \`n8n execute --id … --rawOutput\`), this package installed as a community package from \`npm pack\`, SQLite and \`N8N_DEFAULT_BINARY_DATA_MODE=filesystem\` unless a scenario says otherwise (P1 at scale in queue mode: PostgreSQL and the \`database\` store; P3: both stores).`,
		`- Node ${machine.n8nNode} for n8n (and the raw copies); Node ${machine.benchNode} for the benchmark runner and the simulator.`,
		`- Machine: ${machine.cpuModel}, ${machine.nproc} CPUs (\`nproc\`), ${machine.memoryGiB.toFixed(1)} GiB memory, ${machine.kernel}.`,
		'- Everything on 127.0.0.1: a fresh simulator per workflow run (openai profile unless P2 names another), real time (no virtual clock).',
		'- Load: the machine may be shared; P1 at scale and each P2 batch give the 1-minute load average at their start.',
		'',
	];
}

function p1ScaleSection({ p1Scale }: BenchConfig): string {
	const size =
		p1Scale.videoBytes === null ? 'bare' : `padded to ${formatBytes(p1Scale.videoBytes)}`;
	const queue = `\`n8n start\` as the main, ${QUEUE_WORKERS} × \`n8n worker\`, Redis and PostgreSQL on 127.0.0.1, binary data mode \`${QUEUE_BINARY_MODE}\` as in the e2e queue cells (one store the main and every worker reach); the execution started by a production webhook, as the e2e queue cell starts one, so one worker runs it, and read back from the main's REST API`;
	return `**P1 at pipeline scale.** ${p1Scale.jobs} prompts through the same workflow as P1 ours, in n8n's regular mode (\`n8n execute\`: one process, SQLite, the filesystem binary store) and in queue mode (${queue}), every job rendering ${p1Scale.renderMs / 1000} s with its MP4 ${size} (the simulator's \`videoBytes\`, made at create as in P1). The same rows for each mode: wall time (n8n's \`startedAt\` → \`stoppedAt\`) against the ideal (one render plus one raw download of one of the files); every stored file's sha256 against the simulator's (queue mode: each file read through the main's \`GET /rest/binary-data\`); the Create node's start (n8n's run data, the worker's clock in queue mode) against the arrival of the first and last \`POST /videos\` in the simulator's log, on the same machine's clock.`;
}

function p2Section({ p2 }: BenchConfig): string {
	const renders = p2.rendersMs.map((ms) => `${ms / 1000} s`).join(' and ');
	return `**P2 completion lag.** Per simulator profile (${p2.profiles.join(', ')}) and render time (${renders}): ${p2.jobs} prompts → Sora Videos Create → Wait for Completion with download, against a fresh simulator with that profile and a credential whose Server names it. vllm-omni answers \`in_progress\` with progress 0 until done, sglang \`queued\` until done, trt no progress (null) and its own \`generating\` status; openai reports progress. Per job: the time Wait for Completion emitted its output (its run's \`startTime + executionTime\`; n8n hands a node's items on when the node returns) minus the simulator's completion time of that job (\`completedAt(id)\`, same clock). Status reads are the simulator's \`GET /videos/{id}\` log entries per job, the mean over jobs per window of render: ${TARGETS.lagWithoutProgress.renderMsPerRead / 1000} s without progress, ${TARGETS.lagWithProgress.renderMsPerRead / 1000} s with it.`;
}

function scenarioSections(report: BenchReport, config: BenchConfig): string[] {
	return [
		'## Scenarios',
		'',
		`**P1 batch.** ${config.prompts} prompts (a Code node) → Sora Videos Create → Wait for Completion with Download When Completed, against the same prompts → n8n's OpenAI node, video: generate. Every job renders ${config.renderMs / 1000} s in the simulator, which makes its MP4 when the job is created (\`renderAhead\`), as a real server has the file once the job completes. Wall time is the execution's \`startedAt\` → \`stoppedAt\` from n8n's run data (process start-up is outside it). The ideal is one render plus one raw download of the same MP4 (node:http into a file): what a perfect client needs when all jobs run at once.`,
		'',
		p1ScaleSection(config),
		'',
		...paragraphs(report.details.P1),
		p2Section(config),
		'',
		...paragraphs(report.details.P2),
		`**P3 memory.** One job whose MP4 the simulator pads to ${formatBytes(config.bigBytes)} (streamed), rendered in ${config.bigRenderMs / 1000} s (both nodes then download about 30 s into their \`n8n execute\` process: n8n's node reads every 10 s), then Create → Wait for Completion → Download (binary property \`data\`), and n8n's OpenAI node (video: generate) on the same size, ${config.downloadRuns} runs each, alternating, in n8n's filesystem binary store and again in its database store (at most 512 MiB there: n8n's default limit for that store, which holds the file in memory). Throughput is bytes over the span from the simulator receiving the content request to the node returning (the file fully in the store), each side's median with its spread, against a raw loopback copy of the same bytes from the same simulator.`,
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
	'npm run bench            # this file: 10 prompts × 20 s, 100 × 60 s of 3 MiB, P2 on 4 servers, 1 GiB; exits 1 when a target is missed',
	'npm run bench -- --short # 3 prompts × 6 s, 10 × 6 s (regular mode), P2 3 × 6 s on 2 servers, 64 MiB; prints the table, leaves this file alone',
	'npm run bench -- --only P2 --no-write # one scenario (P1, P1-SCALE, P2, P3), this file left alone',
	'```',
	'',
	'The first run installs the pinned n8n under Node 24 into `~/.cache/n8n-nodes-sora-videos/` (3–5 minutes, see',
	'support/n8n/runtime.ts); later runs reuse it. A full run takes about 7 minutes after that for P1 and P3 (most of it the',
	"built-in node's batch), plus about 10 for P2's eight batches and 4 for P1 at scale (its queue mode starts Redis, PostgreSQL, a main and 2 workers). P3 needs about 2 GiB of free disk (one 1 GiB copy at a time, each deleted once measured).",
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
