/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// `npm run bench`: how well the Sora Videos node waits and downloads, in a real n8n, side by side
// with n8n's built-in OpenAI node, against the local simulator (a fresh one per workflow run).
//
//   P1 batch            N prompts, each rendering R s: Code → Sora Videos Create → Wait for
//                       Completion (download) against Code → OpenAI node (video: generate).
//                       Wall time of each execution (n8n's startedAt → stoppedAt) and the ideal
//                       (render + a raw loopback download of one of the same MP4s).
//   P1 scale            J jobs × R s with padded MP4s through the same workflow as P1 ours, in
//                       regular mode and in queue mode (a main, 2 workers, Redis, PostgreSQL,
//                       binary data in the database, started by a webhook): wall time against the
//                       ideal, every file's sha256, and where the Create node's time goes (its
//                       start → first POST → last POST). --short leaves queue mode out (its
//                       set-up alone takes 1 to 2.5 minutes on two cores; bench/options.ts).
//   P2 completion lag   per simulator profile (servers with and without progress) and render
//                       time, a batch created together: per job, Wait for Completion's output time
//                       (its run's startTime + executionTime) − the simulator's completion time;
//                       status requests per job from the simulator's log.
//   P3 download         one padded MP4 of B bytes downloaded by the Download operation and by
//                       n8n's OpenAI node in turn (3 runs each, 1 in --short), in the filesystem and
//                       the database binary modes: each side's median throughput and spread, the n8n
//                       process's RSS (VmRSS every 50 ms, in a separate sampler process) before vs.
//                       during the download, a raw loopback copy (node:http → fs write stream) of
//                       the same bytes; in full runs, a rerun that records n8n's garbage
//                       collections and a raw copy holding a heap of n8n's size (the limit).
//   A scenario that fails is reported (and fails the run); the others still run.
//
//   npm run bench                    full run (10 prompts × 20 s, 100 × 60 s of 3 MiB, P2 at 20 and
//                                    60 s, 1 GiB); rewrites BENCHMARKS.md; exits 1 when a target is missed
//   npm run bench -- --short         3 prompts × 6 s, 10 × 6 s (regular mode only), P2 3 jobs × 6 s on vllm-omni and
//                                    openai, 64 MiB; prints the table only (CI smoke)
//   npm run bench -- --only P3       run some scenarios: P1 (batch, built-in and scale), P1-SCALE, P2, P3
//   npm run bench -- --keep          keep the n8n user folder (binary files are still deleted)
//   npm run bench -- --no-write      do not rewrite BENCHMARKS.md
//   SORA_N8N_CACHE=/path             where n8n is installed (the folder holding n8n-<version>; see support/n8n/runtime.ts)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureN8n, type N8nRuntime } from '../support/n8n/runtime';
import { buildAndPack } from '../support/pack';
import { N8nInstance } from '../support/n8n/instance';
import { benchmarksMarkdown } from './benchmarks-file';
import { formatBytes, formatSeconds, machineInfo, type MachineInfo } from './measure';
import { installOurPackage, type BenchContext } from './n8n-runs';
import {
	benchConfig,
	isFullRun,
	parseArguments,
	runsScenario,
	type BenchConfig,
	type BenchOptions,
} from './options';
import { scenarioP1Builtin, scenarioP1Ours, type P1Ours } from './p1-batch';
import { scenarioP1Scale, scenarioP1ScaleQueue } from './p1-scale';
import { scenarioP2 } from './p2-profiles';
import { scenarioP3 } from './p3-memory';
import { BenchReport, benchStarted, step } from './report';

/** Runs `work`; a scenario that fails is reported (and fails the run), and the next one still runs. */
async function attempt(report: BenchReport, label: string, work: () => Promise<void>) {
	try {
		await work();
	} catch (error) {
		const message = (error as Error).message;
		report.recordFailure(label, message);
		console.error(`  ✗ ${message}`);
	}
}

async function runScenarios(ctx: BenchContext, options: BenchOptions): Promise<void> {
	let ours: P1Ours | undefined;
	if (runsScenario(options, 'P1')) {
		await attempt(ctx.report, 'P1 ours', async () => {
			ours = await scenarioP1Ours(ctx);
		});
		await attempt(ctx.report, 'P1 built-in', () => scenarioP1Builtin(ctx, ours));
	}
	if (runsScenario(options, 'P1') || runsScenario(options, 'P1-SCALE')) {
		await attempt(ctx.report, 'P1 scale', () => scenarioP1Scale(ctx));
		if (ctx.config.p1Scale.queueMode)
			await attempt(ctx.report, 'P1 scale queue', () => scenarioP1ScaleQueue(ctx));
	}
	if (runsScenario(options, 'P2'))
		await scenarioP2(ctx, (label, work) => attempt(ctx.report, label, work));
	if (runsScenario(options, 'P3')) await attempt(ctx.report, 'P3', () => scenarioP3(ctx));
}

/** The package, packed, and the n8n it runs in (installed once into the cache). */
interface Setup {
	tarball: string;
	runtime: N8nRuntime;
	machine: MachineInfo;
}

async function prepareRuntime(scratch: string): Promise<Setup> {
	step('build and pack the package');
	const { tarball } = buildAndPack(scratch);
	step('n8n runtime');
	const runtime = await ensureN8n();
	const machine = machineInfo(runtime.node);
	console.log(
		`  n8n ${runtime.n8nVersion} on Node ${machine.n8nNode}; ${machine.cpuModel}, ${machine.nproc} CPUs, ${machine.memoryGiB.toFixed(1)} GiB`,
	);
	return { tarball, runtime, machine };
}

/** Prints the details and the table, rewrites BENCHMARKS.md after a full run; returns the exit code. */
function finish(
	report: BenchReport,
	options: BenchOptions,
	config: BenchConfig,
	{ runtime, machine }: Setup,
): number {
	report.sortRows();
	report.print();
	const missed = report.missedRows().length;
	const totalMs = Date.now() - benchStarted;
	const fullRun = isFullRun(options);
	if (fullRun && options.write) {
		const file = join(__dirname, '..', 'BENCHMARKS.md');
		const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
		writeFileSync(
			file,
			benchmarksMarkdown(report, config, {
				machine,
				n8nVersion: runtime.n8nVersion,
				date,
				totalMs,
			}),
		);
		console.log(`\nwrote ${file}`);
	} else if (!fullRun) {
		const kind = options.short ? 'short' : 'partial';
		const note = options.short ? '; targets are for the full run and only indicative here' : '';
		console.log(`\n${kind} run: BENCHMARKS.md left alone${note}`);
	}
	const problems = report.problems.length;
	console.log(
		`${missed === 0 && problems === 0 ? 'all targets met' : `${missed} target(s) missed`} in ${formatSeconds(totalMs, 0)}`,
	);
	if (problems > 0) return 1;
	return fullRun && missed > 0 ? 1 : 0;
}

async function main(): Promise<number> {
	const options = parseArguments(process.argv.slice(2), __filename);
	const config = benchConfig(options.short);
	const report = new BenchReport();
	console.log(
		`Sora Videos benchmark (${options.short ? 'short' : 'full'}): ${config.prompts} prompts × ${config.renderMs / 1000} s, P3 ${formatBytes(config.bigBytes)}`,
	);
	const scratch = mkdtempSync(join(tmpdir(), 'sora-bench-'));
	// Also when interrupted (n8n-instance's signal handlers end the process with process.exit).
	process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
	let instance: N8nInstance | undefined;
	let setup: Setup;
	try {
		setup = await prepareRuntime(scratch);
		instance = N8nInstance.create(setup.runtime, {
			keep: options.keep,
			log: (line) => console.log(`  [n8n] ${line}`),
		});
		await installOurPackage(instance, setup.tarball);
		const apiKey = `sk-bench-${randomBytes(12).toString('hex')}`;
		await runScenarios(
			{ ...setup, instance, apiKey, scratch, config, report, keep: options.keep },
			options,
		);
	} finally {
		await instance?.dispose();
		rmSync(scratch, { recursive: true, force: true });
	}
	return finish(report, options, config, setup);
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(`\nFAIL  ${error.message}`);
		process.exit(1);
	},
);
