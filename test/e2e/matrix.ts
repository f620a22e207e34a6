/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// `npm run test:e2e`: the packed package in real n8n, over a matrix of n8n versions, execution
// modes and binary data modes (docs/e2e.md). Each cell gets a fresh n8n user folder (and, in
// queue mode, its own PostgreSQL database and Redis key prefix), installs the tarball the way n8n
// installs community packages, runs the examples that download against one shared simulator and
// checks every stored file byte for byte where that cell stores binaries. The cells are in
// cells.ts, a cell's run in regular-cell.ts and queue-cell.ts, the printed report in report.ts.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

import { startSimulator, type Simulator } from '../../simulator';
import { CELLS, type Cell, type MatrixOptions } from './cells';
import type { MatrixRun } from './cell-setup';
import { runOwnServerCell } from './openrouter-cell';
import { runLoopCell } from './loop-cell';
import { runQueueCell } from './queue-cell';
import { runRegularCell } from './regular-cell';
import { runTriggerCell } from './trigger-cell';
import { MatrixReport } from './report';
import { missingServices, startPostgres, startRedis } from '../../support/n8n/services';
import { ensureN8n } from '../../support/n8n/runtime';
import { buildAndPackForThisRun } from '../../support/pack';

/** Runs the chosen cells; returns the process exit code. */
export async function runMatrix(options: MatrixOptions): Promise<number> {
	const startedAt = Date.now();
	const cells = CELLS.filter(
		(cell) => options.cells.length === 0 || options.cells.some((part) => cell.name.includes(part)),
	);
	if (cells.length === 0) {
		console.error(
			`no cell matches ${options.cells.join(', ')}; cells: ${CELLS.map((cell) => cell.name).join(', ')}`,
		);
		return 2;
	}
	const report = new MatrixReport();
	console.log('\n▶ build and pack');
	const { tarball, files } = buildAndPackForThisRun('sora-e2e-pack-');
	console.log(`packed ${basename(tarball)}: ${files.length} files`);
	await installVersions(cells, report);

	const apiKey = `sk-e2e-${randomBytes(12).toString('hex')}`;
	const sim = await startSimulator({
		port: 0,
		apiKey,
		renderMs: options.renderMs,
		validateRequests: true,
		validateResponses: true,
	});
	console.log(`simulator ${sim.baseUrl} (render ${options.renderMs} ms)`);
	const services: MatrixRun['services'] = {};
	try {
		if (cells.some((cell) => cell.executionMode === 'queue')) {
			const missing = missingServices();
			if (missing) throw new Error(`queue-mode cells: ${missing}`);
			services.redis = await startRedis();
			services.postgres = await startPostgres();
		}
		const run: MatrixRun = {
			tarball,
			sim,
			apiKey,
			options,
			services,
			report: (outcome) => report.report(outcome),
		};
		for (const cell of cells) if (!report.hasFailed(cell.name)) await runCell(cell, run, report);
		printSchemaViolations(sim);
	} finally {
		await services.postgres?.stop();
		await services.redis?.stop();
		await sim.stop();
	}
	return report.printSummary(cells, startedAt);
}

/** Installs first, one at a time (two cores): each cell then starts at once. */
async function installVersions(cells: Cell[], report: MatrixReport): Promise<void> {
	for (const version of [...new Set(cells.map((cell) => cell.n8nVersion))]) {
		const started = Date.now();
		console.log(`\n▶ n8n ${version} (installed on first use, then cached)`);
		try {
			await ensureN8n(version);
		} catch (error) {
			for (const cell of cells.filter((candidate) => candidate.n8nVersion === version))
				report.cellFailed(
					cell.name,
					`n8n ${version} does not install: ${(error as Error).message}`,
				);
		}
		report.took(`install ${version}`, Date.now() - started);
	}
}

async function runCell(cell: Cell, run: MatrixRun, report: MatrixReport): Promise<void> {
	console.log(
		`\n▶ cell ${cell.name}: n8n ${cell.n8nVersion}, ${cell.executionMode} mode, binary data mode ${cell.binaryMode}`,
	);
	const started = Date.now();
	try {
		const runner =
			cell.kind === 'trigger'
				? runTriggerCell
				: cell.kind === 'loop'
					? runLoopCell
					: cell.own
						? runOwnServerCell
						: cell.executionMode === 'queue'
							? runQueueCell
							: runRegularCell;
		await runner(cell, run);
	} catch (error) {
		report.cellFailed(cell.name, (error as Error).message);
		console.log(`FAIL  [${cell.name}] ${(error as Error).message}`);
	}
	report.took(cell.name, Date.now() - started);
}

function printSchemaViolations(sim: Simulator): void {
	const violations = sim.schemaViolations();
	if (violations.length > 0)
		console.log(
			`\nsimulator: ${violations.length} response schema violation(s): ${violations.slice(0, 5).join('; ')}`,
		);
}
