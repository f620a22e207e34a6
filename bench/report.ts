/* eslint-disable no-console -- Node tooling, not published (DEVELOPERS.md) */
// What a benchmark run found, collected while the scenarios run: the results table's rows, the
// problems (a scenario that did not complete), each scenario's details and the figures the
// findings explain. bench/benchmarks-file.ts writes them into BENCHMARKS.md.
import { formatSeconds, textTable } from './measure';

export const SCENARIOS = ['P1', 'P2', 'P3'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface Row {
	scenario: string;
	measure: string;
	value: string;
	target: string;
	/** true/false for a target, undefined for an informational line. */
	met?: boolean;
}

/** P2's median job: when it was checked around its completion (ms after its create). */
export interface CompletionLagFacts {
	medianLagMs: number;
	firstCheckMs: number;
	lastCheckBeforeMs: number;
	checkAfterMs: number;
	completedMs: number;
	progressAtLastCheck: number;
}

export interface DownloadFacts {
	ours: { rate: number; rise: number; riseAt10: number; riseAt100: number };
	raw: { rate: number; rise?: number };
	builtin?: { rate: number; rise: number };
	heavy?: { rate: number; heap: number; majorGcs: number; maxArrayBuffers: number };
}

const RESULT_HEADER = ['scenario', 'measure', 'value', 'target', 'met?'];

/** When the benchmark started (for the step lines and the total time). */
export const benchStarted = Date.now();

/** A progress line: the step and the time since the benchmark started. */
export function step(label: string): void {
	console.log(`\n▶ ${label}  (+${formatSeconds(Date.now() - benchStarted, 0)})`);
}

export class BenchReport {
	readonly rows: Row[] = [];
	readonly problems: string[] = [];
	readonly details: Record<Scenario, string[]> = { P1: [], P2: [], P3: [] };
	/** Figures the findings section explains (set by the scenarios that ran). */
	readonly facts: { p2?: CompletionLagFacts; p3?: DownloadFacts } = {};

	record(row: Row): void {
		this.rows.push(row);
	}

	/** A scenario that did not complete: a problem, and a missed row in its scenario. */
	recordFailure(label: string, message: string): void {
		this.problems.push(`${label}: ${message}`);
		this.record({
			scenario: label.split(' ')[0]!,
			measure: `${label} did not complete`,
			value: message.split('\n')[0]!.slice(0, 120),
			target: '—',
			met: false,
		});
	}

	missedRows(): Row[] {
		return this.rows.filter((row) => row.met === false);
	}

	missedIn(scenario: Scenario): boolean {
		return this.rows.some((row) => row.scenario === scenario && row.met === false);
	}

	/** The rows in scenario order (P1, P2, P3; recording order within each). */
	sortRows(): void {
		const order: readonly string[] = SCENARIOS;
		this.rows.sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario));
	}

	/** The results table: a header and a row each, a missed target written as `missed`. */
	resultTable(missed: string): { header: string[]; cells: string[][] } {
		const cells = this.rows.map((row) => [
			row.scenario,
			row.measure,
			row.value,
			row.target,
			row.met === undefined ? '' : row.met ? 'yes' : missed,
		]);
		return { header: RESULT_HEADER, cells };
	}

	/** Each scenario's details, then the results table and the problems, on the console. */
	print(): void {
		for (const scenario of SCENARIOS) {
			if (this.details[scenario].length === 0) continue;
			console.log(`\n${scenario} details`);
			for (const line of this.details[scenario])
				console.log(line === '' ? '' : `  ${line.replace(/\n/g, '\n  ')}`);
		}
		const { header, cells } = this.resultTable('NO');
		console.log(`\n${textTable(header, cells)}`);
		for (const problem of this.problems) console.log(`\n✗ ${problem}`);
	}
}
