// The command line of `npm run bench` (bench/run.ts's header says how to use it), the sizes of a
// run and the targets BENCHMARKS.md checks.
import type { ServerProfile } from '../simulator';
import { printHelpAndExit, refuseArgument } from '../support/cli-arguments';
import { GiB, MiB } from './measure';

export interface BenchOptions {
	/** `--short`: the small CI smoke run. */
	short: boolean;
	/** `--keep`: keep the n8n user folder. */
	keep: boolean;
	/** false with `--no-write`: BENCHMARKS.md is left alone. */
	write: boolean;
	/** `--only` values, upper-cased (each may be a comma-separated list). */
	only: string[];
}

/** Reads the arguments; `--help` prints `entryPoint`'s header and exits, an unknown one exits 2. */
export function parseArguments(argv: string[], entryPoint: string): BenchOptions {
	const options: BenchOptions = { short: false, keep: false, write: true, only: [] };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--short') options.short = true;
		else if (arg === '--keep') options.keep = true;
		else if (arg === '--no-write') options.write = false;
		else if (arg === '--only') options.only.push((argv[++i] ?? '').toUpperCase());
		else if (arg.startsWith('--only=')) options.only.push(arg.slice(7).toUpperCase());
		else if (arg === '--help' || arg === '-h') printHelpAndExit(entryPoint);
		else refuseArgument(arg);
	}
	return options;
}

/** Whether `--only` (or its absence) lets `scenario` run. */
export function runsScenario(options: BenchOptions, scenario: string): boolean {
	return (
		options.only.length === 0 || options.only.some((part) => part.split(',').includes(scenario))
	);
}

/** A full run measures every scenario at full size: the only run that may rewrite BENCHMARKS.md. */
export function isFullRun(options: BenchOptions): boolean {
	return !options.short && options.only.length === 0;
}

export interface BenchConfig {
	/** P1: how many prompts, each rendering renderMs. */
	prompts: number;
	renderMs: number;
	/** P3: the size of the one padded MP4 and its render time (P3_RENDER_MS). */
	bigBytes: number;
	bigRenderMs: number;
	/** P3: downloads per side and binary mode, alternating ours and n8n's OpenAI node. */
	downloadRuns: number;
	/**
	 * P3: a run with n8n's garbage collections recorded, then a raw copy holding a heap of n8n's
	 * size: the limit for a process like n8n's (not in short runs).
	 */
	diagnose: boolean;
	/** P2: a batch of `jobs` per simulator profile and render time. */
	p2: { profiles: ServerProfile[]; rendersMs: number[]; jobs: number };
	/**
	 * P1 at pipeline scale: `jobs` renders of renderMs, each MP4 padded to videoBytes (null: bare);
	 * `queueMode`: also in queue mode, whose Redis, PostgreSQL, package install, main and workers
	 * took 1 minute before its first job on two cores at a load average of 2, and its 10 × 6 s
	 * short size 2.9 minutes in all at 5: too long for the short run.
	 */
	p1Scale: { jobs: number; renderMs: number; videoBytes: number | null; queueMode: boolean };
}

/**
 * P3's render: both nodes download at the same age of their `n8n execute` process, since the
 * process's state sets the pace (docs/download-speed.md). n8n's OpenAI node reads every 10 s, so
 * a 29.5 s job is first seen completed at 30 s; our Wait for Completion sees it within a second of
 * its end, at 29.5–30.5 s. With a 20 s render ours downloaded at 20 s and the built-in at 30 s
 * (2026-12-07: 178–278 MiB/s against 102–468); with 2 s, ours at 2 s, its RSS 390 MiB against the
 * built-in's 280 MiB (V8 shrinks the heap once the process idles).
 */
const P3_RENDER_MS = 29_500;

export function benchConfig(short: boolean): BenchConfig {
	return short
		? {
				prompts: 3,
				renderMs: 6000,
				bigBytes: 64 * MiB,
				bigRenderMs: P3_RENDER_MS,
				downloadRuns: 1,
				diagnose: false,
				p2: { profiles: ['vllm-omni', 'openai'], rendersMs: [6000], jobs: 3 },
				p1Scale: { jobs: 10, renderMs: 6000, videoBytes: null, queueMode: false },
			}
		: {
				prompts: 10,
				renderMs: 20000,
				bigBytes: 1 * GiB,
				bigRenderMs: P3_RENDER_MS,
				downloadRuns: 5,
				diagnose: true,
				p2: {
					profiles: ['vllm-omni', 'sglang', 'trt', 'openai'],
					rendersMs: [20000, 60000],
					jobs: 10,
				},
				p1Scale: { jobs: 100, renderMs: 60000, videoBytes: 3 * MiB, queueMode: true },
			};
}

/** P1 at scale in queue mode: n8n workers beside the main, and where they keep binary data (PostgreSQL's binary_data table). */
export const QUEUE_WORKERS = 2;
export const QUEUE_BINARY_MODE = 'database';

/** The targets BENCHMARKS.md checks (batch speed, completion lag, download memory and speed), as ratios from one run. */
export const TARGETS = {
	oursOverIdeal: 1.3,
	builtinOverOurs: 7,
	/** P2 on a server that reports no progress, and on one that does (the openai profile). */
	lagWithoutProgress: { medianLagMs: 2000, renderMsPerRead: 3000 },
	lagWithProgress: { medianLagMs: 500, renderMsPerRead: 4000 },
	/** P1 at scale: wall time over the ideal, and the Create node's start → its first POST. */
	scaleOverIdeal: 1.05,
	firstPostMs: 200,
	/** P3: how much more RSS the download may hold at its end than at a tenth of it. */
	riseGrowthBytes: 32 * MiB,
	/** P3: our share of the raw copy holding a heap of n8n's size. */
	throughputShare: 0.8,
};

export const PROMPTS = [
	'A paper boat drifting down a rain-soaked street at dusk, cinematic',
	'Time-lapse of clouds rolling over snowy mountain peaks at sunrise',
	'A red fox trotting through fresh snow in a birch forest, slow motion',
	'Close-up of coffee being poured into a glass cup, warm morning light',
	'A hot air balloon rising over lavender fields, aerial drone shot',
	'Neon-lit city street in the rain at night, reflections on the asphalt',
	'Waves crashing against a lighthouse during a storm, wide shot',
	'A hummingbird hovering at a bright flower, macro, shallow depth of field',
	'An old steam train crossing a stone viaduct in autumn',
	'Sunlight through a dense forest canopy, camera slowly tilting up',
];

/** `count` prompts, PROMPTS repeated (the simulator renders each distinct prompt once). */
export const promptsFor = (count: number): string[] =>
	Array.from({ length: count }, (_, index) => PROMPTS[index % PROMPTS.length]!);
