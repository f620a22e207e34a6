/* eslint-disable no-console -- Node tooling, not published (DEVELOPERS.md) */
// What the e2e matrix prints: a `PASS`/`FAIL` line per check (CI reads them) with its notes and
// problems, then one line per cell with its checks and time, the installs and the total.
import type { Cell } from './cells';

export interface Outcome {
	cell: string;
	label: string;
	ok: boolean;
	ms: number;
	problems: string[];
	notes: string[];
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A check's `PASS`/`FAIL` line, then its notes (·) and problems (✗); the editor test prints the same. */
export function printCheck(ok: boolean, title: string, notes: string[], problems: string[]): void {
	console.log(`${ok ? 'PASS' : 'FAIL'}  ${title}`);
	for (const note of notes) console.log(`        · ${note}`);
	for (const problem of problems) console.log(`        ✗ ${problem}`);
}

export class MatrixReport {
	private readonly outcomes: Outcome[] = [];
	/** Per cell name, and per `install <version>`. */
	private readonly times = new Map<string, number>();
	/** Why a cell stopped before its checks were done. */
	private readonly errors = new Map<string, string>();

	report(outcome: Outcome): void {
		this.outcomes.push(outcome);
		printCheck(
			outcome.ok,
			`[${outcome.cell}] ${outcome.label}${outcome.ms ? `  (${seconds(outcome.ms)})` : ''}`,
			outcome.notes,
			outcome.problems,
		);
	}

	cellFailed(cell: string, error: string): void {
		this.errors.set(cell, error);
	}

	hasFailed(cell: string): boolean {
		return this.errors.has(cell);
	}

	took(label: string, ms: number): void {
		this.times.set(label, ms);
	}

	/** Prints the summary table; returns the process exit code. */
	printSummary(cells: Cell[], startedAt: number): number {
		console.log('\nMatrix');
		let failures = 0;
		for (const cell of cells) {
			const mine = this.outcomes.filter((outcome) => outcome.cell === cell.name);
			const passed = mine.filter((outcome) => outcome.ok).length;
			const error = this.errors.get(cell.name);
			const ok = !error && mine.length > 0 && passed === mine.length;
			if (!ok) failures++;
			console.log(
				`  ${ok ? 'PASS' : 'FAIL'}  ${cell.name.padEnd(28)} ${passed}/${mine.length} checks  ${seconds(this.times.get(cell.name) ?? 0).padStart(8)}${error ? `  ✗ ${error.split('\n')[0]}` : ''}`,
			);
		}
		for (const [label, ms] of this.times)
			if (label.startsWith('install ')) console.log(`  ${label}: ${seconds(ms)}`);
		console.log(`  total ${seconds(Date.now() - startedAt)}`);
		return failures === 0 ? 0 : 1;
	}
}
