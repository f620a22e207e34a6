/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// How the editor test runs and reports its checks: each check is a labelled step that passes when
// it records no problem; a thrown error (a selector that never appeared) fails it with a screenshot
// of that moment, and the editor is put back on the canvas for the next check.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import type { Simulator } from '../../simulator';
import { printCheck, seconds } from '../e2e/report';
import { closeEverything } from './editor-page';

interface Outcome {
	label: string;
	ok: boolean;
	ms: number;
	notes: string[];
	problems: string[];
}

export class Checks {
	readonly outcomes: Outcome[] = [];
	constructor(
		private readonly page: () => Page | undefined,
		private readonly failureDir: string,
	) {}

	/** Runs one check; a thrown error (a selector that never appeared) fails it with a screenshot. */
	async run(
		label: string,
		body: (notes: string[], problems: string[]) => Promise<void>,
	): Promise<boolean> {
		const started = Date.now();
		const notes: string[] = [];
		const problems: string[] = [];
		try {
			await body(notes, problems);
		} catch (error) {
			problems.push((error as Error).message.split('\n').slice(0, 6).join('\n          '));
			await this.recordFailure(notes);
		}
		const outcome = { label, ok: problems.length === 0, ms: Date.now() - started, notes, problems };
		this.outcomes.push(outcome);
		printCheck(outcome.ok, `${label}  (${seconds(outcome.ms)})`, notes, problems);
		return outcome.ok;
	}

	private async recordFailure(notes: string[]): Promise<void> {
		const page = this.page();
		if (!page) return;
		mkdirSync(this.failureDir, { recursive: true });
		const file = join(this.failureDir, `${this.outcomes.length + 1}-failure.png`);
		await page.screenshot({ path: file }).then(
			() => notes.push(`screenshot of the failure: ${file}`),
			() => undefined,
		);
		await closeEverything(page);
	}
}

/** What every check of the editor works with. */
export interface EditorContext {
	page: Page;
	baseUrl: string;
	/** The credential dialog's simulator (in this process: the check switches its profile). */
	sim: Simulator;
	/** The examples' server: the simulator's npm package, run as the README says. */
	firstVideoServer: { baseUrl: string; jobsCreated(): number };
	apiKey: string;
	/** Where the screenshots go. */
	shots: string;
	checks: Checks;
}
