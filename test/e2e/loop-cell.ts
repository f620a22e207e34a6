/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// The long-render loop (examples/long-render-loop.json) in a real n8n started with `n8n start`:
// Create → n8n's Wait (70 s) → Get → If, back to the Wait while the job renders. The render takes
// longer than one wait, so the execution must be parked in n8n's database (status `waiting`,
// read from the SQLite file itself) twice, resume twice, and end with the job's MP4.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import type { Cell } from './cells';
import {
	checkContext,
	checkOffline,
	exampleFile,
	importWithCredential,
	prepareInstance,
	readWorkflow,
	type MatrixRun,
} from './cell-setup';
import { checkNodeStatuses, checkSoraOutputs } from './checks';
import type { N8nInstance } from '../../support/n8n/instance';
import { nodeItems } from '../../support/n8n/run-data';
import { runSqliteScript } from '../../support/n8n/sqlite';
import { fetchExecution, ownerSession, readThroughMain } from '../../support/n8n/owner-session';
import { asWebhookWorkflow, callWebhook, webhookOf } from '../../support/n8n/webhooks';

/** Longer than one 70 s wait, shorter than two. */
const LOOP_RENDER_MS = 80_000;
const LOOP_TIMEOUT_MS = 240_000;
const ENDED = new Set(['success', 'error', 'crashed', 'canceled']);

const READ_EXECUTIONS = `
const sqlite3 = require(process.argv[1]);
const db = new sqlite3.Database(process.argv[2], sqlite3.OPEN_READONLY);
db.all('SELECT id, status, waitTill FROM execution_entity WHERE workflowId = ?', [process.argv[3]], (error, rows) => {
	if (error) { console.error(error.message); process.exit(1); }
	console.log(JSON.stringify(rows));
	db.close();
});`;

interface ExecutionRow {
	id: number | string;
	status: string;
	waitTill: string | null;
}

interface Watched {
	executionIds: string[];
	/** The execution's status in n8n's database (with its waitTill), each change once, in order. */
	states: string[];
	/** How many times n8n parked it: the distinct waitTill of its `waiting` rows. */
	parked: number;
	final?: string;
}

/** The workflow's executions as n8n's SQLite database holds them. */
function executionRows(instance: N8nInstance, workflowId: string): ExecutionRow[] {
	const file = join(instance.n8nFolder, 'database.sqlite');
	const result = runSqliteScript(instance.runtime, file, READ_EXECUTIONS, [workflowId]);
	if (result.status !== 0) throw new Error(`reading execution_entity failed: ${result.stderr}`);
	return JSON.parse(result.stdout) as ExecutionRow[];
}

/**
 * Follows the workflow's execution in the database until it ends (or the time is up). A resumed
 * execution that parks again within a second can go from one `waiting` row to the next without
 * a `running` in between, so parked stretches are told apart by their waitTill.
 */
async function watchExecution(instance: N8nInstance, workflowId: string): Promise<Watched> {
	const deadline = Date.now() + LOOP_TIMEOUT_MS;
	const states: string[] = [];
	const waits = new Set<string>();
	for (;;) {
		const rows = executionRows(instance, workflowId);
		const row = rows[0];
		if (row) {
			const state = row.waitTill ? `${row.status} till ${row.waitTill}` : row.status;
			if (states.at(-1) !== state) states.push(state);
			if (row.status === 'waiting' && row.waitTill) waits.add(row.waitTill);
		}
		if ((row && ENDED.has(row.status)) || Date.now() > deadline)
			return {
				executionIds: rows.map((entry) => String(entry.id)),
				states,
				parked: waits.size,
				final: row?.status,
			};
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

export async function runLoopCell(cell: Cell, run: MatrixRun): Promise<void> {
	const { instance, credentialId } = await prepareInstance(cell, run, {});
	run.sim.configure({ renderMs: LOOP_RENDER_MS });
	try {
		const path = `sora-loop-${randomBytes(4).toString('hex')}`;
		const source = readWorkflow(exampleFile('long-render-loop.json'));
		const imported = await importWithCredential(
			instance,
			asWebhookWorkflow(source, path, 'onReceived'),
			credentialId,
			run.sim.baseUrl,
		);
		await instance.publishWorkflow(imported.id);
		const main = await instance.startServer();
		await main.waitForWebhook(path, 'POST');
		const session = await ownerSession(main);
		const ctx = checkContext(imported.workflow, cell, run, async (binary) =>
			readThroughMain(session, binary),
		);
		const started = Date.now();
		const answer = await callWebhook(main, webhookOf(imported.workflow)!, {});
		if (answer.status !== 200) ctx.problems.push(`the webhook answered ${answer.status}`);
		const watched = await watchExecution(instance, imported.id);
		const ms = Date.now() - started;
		ctx.notes.push(`n8n's database said: ${watched.states.join(' → ')}; ${ms} ms in all`);
		if (watched.executionIds.length !== 1)
			ctx.problems.push(`${watched.executionIds.length} executions, expected 1`);
		if (watched.parked !== 2)
			ctx.problems.push(`parked ${watched.parked} time(s) in the database, expected 2`);
		if (watched.final !== 'success') ctx.problems.push(`ended ${watched.final ?? 'never'}`);
		if (watched.executionIds[0]) {
			const { run: data } = await fetchExecution(session, instance, watched.executionIds[0]);
			const reads = data.data.resultData.runData['Job Status'] ?? [];
			const seen = reads.map((_, index) => nodeItems(data, 'Job Status', 0, index)[0]?.json.status);
			ctx.notes.push(`Job Status read: ${seen.join(', ')}`);
			if (reads.length !== 2) ctx.problems.push(`Job Status ran ${reads.length} times, expected 2`);
			checkNodeStatuses(data, ctx);
			await checkSoraOutputs(data, ctx);
		}
		run.report({
			cell: cell.name,
			label: 'long-render-loop.json: parked by n8n’s Wait between status reads (n8n start)',
			ok: ctx.problems.length === 0,
			ms,
			problems: ctx.problems,
			notes: ctx.notes,
		});
		checkOffline(cell, instance, run);
	} finally {
		run.sim.configure({ renderMs: run.options.renderMs });
		await instance.dispose();
	}
}
