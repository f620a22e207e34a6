/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// A queue-mode cell: Redis, PostgreSQL, a main (`n8n start`) and two workers (`n8n worker`). Every
// example that downloads is started through its active workflow's production webhook, so the
// executions run on the workers; text-to-video QUEUE_BURST times at once. Every stored file is
// then fetched from the main's REST API as the owner and compared with what the simulator served.
import { randomBytes } from 'node:crypto';
import { basename, relative } from 'node:path';

import type { Cell } from './cells';
import {
	checkContext,
	checkOffline,
	chosenByOnly,
	exampleFiles,
	importWithCredential,
	prepareInstance,
	queueEnvironment,
	readWorkflow,
	repoRoot,
	type MatrixRun,
} from './cell-setup';
import {
	checkNodeStatuses,
	checkSoraOutputs,
	createdIds,
	downloads,
	type CheckContext,
} from './checks';
import type { N8nInstance } from '../../support/n8n/instance';
import type { WorkflowJson } from '../../support/n8n/run-data';
import type { N8nServer } from '../../support/n8n/server';
import {
	fetchExecution,
	listExecutions,
	ownerSession,
	readThroughMain,
	type ExecutionSummary,
	type OwnerSession,
} from '../../support/n8n/owner-session';
import { checkWebhookAnswer, DEFAULT_WEBHOOK_BODY, type WebhookWorkflow } from './webhooks';
import {
	asWebhookWorkflow,
	callWebhook,
	webhookOf,
	webhookPath,
	type WebhookAnswer,
} from '../../support/n8n/webhooks';

/** Concurrent webhook calls of text-to-video in a queue-mode cell. */
const QUEUE_BURST = 5;
const QUEUE_WORKERS = 2;
const BURST_FILE = 'text-to-video.json';

/** One queue cell's running processes and what its checks need. */
interface QueueCell {
	cell: Cell;
	run: MatrixRun;
	instance: N8nInstance;
	workers: N8nServer[];
	session: OwnerSession;
	readBinary: CheckContext['readBinary'];
	/** Executions already checked (the main lists every round's). */
	seen: Set<string>;
}

export async function runQueueCell(cell: Cell, run: MatrixRun): Promise<void> {
	const { instance, credentialId } = await prepareInstance(cell, run, queueEnvironment(cell, run));
	const processes: N8nServer[] = [];
	try {
		const workflows = await importAsWebhooks(instance, credentialId, run);
		const main = await instance.startServer();
		processes.push(main);
		for (let index = 0; index < QUEUE_WORKERS; index++)
			processes.push(await instance.startWorker());
		for (const { node } of workflows) await main.waitForWebhook(webhookPath(node), 'POST');
		const session = await ownerSession(main);
		const queue: QueueCell = {
			cell,
			run,
			instance,
			workers: processes.slice(1),
			session,
			readBinary: async (binary) => await readThroughMain(session, binary),
			seen: new Set(),
		};
		for (const round of rounds(workflows).filter((calls) => calls.length > 0))
			await runRound(queue, main, round);
		checkOffline(cell, instance, run);
	} finally {
		for (const child of processes.reverse()) await child.stop();
		await instance.dispose();
	}
}

/** Imports and publishes every chosen example that downloads or has a webhook, started by a webhook. */
async function importAsWebhooks(
	instance: N8nInstance,
	credentialId: string,
	run: MatrixRun,
): Promise<WebhookWorkflow[]> {
	const files = exampleFiles().filter(
		(file) => downloads(readWorkflow(file)) || webhookOf(readWorkflow(file)),
	);
	const workflows: WebhookWorkflow[] = [];
	for (const file of files.filter((candidate) => chosenByOnly(candidate, run.options))) {
		const source = readWorkflow(file);
		const webhookVersion = webhookOf(source)
			? source
			: asWebhookWorkflow(source, `${basename(file, '.json')}-${randomBytes(4).toString('hex')}`);
		const imported = await importWithCredential(
			instance,
			webhookVersion,
			credentialId,
			run.sim.baseUrl,
		);
		await instance.publishWorkflow(imported.id);
		workflows.push({ file, workflow: imported.workflow, node: webhookOf(imported.workflow)! });
	}
	return workflows;
}

/** Text-to-video QUEUE_BURST times at once, then every other workflow once, at once. */
function rounds(workflows: WebhookWorkflow[]): WebhookWorkflow[][] {
	return [
		workflows
			.filter(({ file }) => basename(file) === BURST_FILE)
			.flatMap((entry) => Array.from({ length: QUEUE_BURST }, () => entry)),
		workflows.filter(({ file }) => basename(file) !== BURST_FILE),
	];
}

/** Calls a round's webhooks at once and checks the answers, then each execution the round made. */
async function runRound(
	queue: QueueCell,
	main: N8nServer,
	round: WebhookWorkflow[],
): Promise<void> {
	const { sim } = queue.run;
	const createsBefore = sim.count('POST /videos');
	const jobsBefore = createdIds(sim);
	const started = Date.now();
	const answers = await Promise.all(
		round.map(({ node }) =>
			callWebhook(main, node, DEFAULT_WEBHOOK_BODY).catch(
				(error: Error): WebhookAnswer => ({ status: 0, answer: undefined, text: error.message }),
			),
		),
	);
	const ms = Date.now() - started;
	const creates = sim.count('POST /videos') - createsBefore;
	const roundCtx = { ...contextFor(queue, round[0]!.workflow), jobsBefore };
	checkAnswers(round, answers, creates, roundCtx);
	queue.run.report({
		cell: queue.cell.name,
		label: `webhooks: ${roundLabel(round)}`,
		ok: roundCtx.problems.length === 0,
		ms,
		problems: roundCtx.problems,
		notes: roundCtx.notes,
	});
	// Each execution of this round, as the main stores it, checked like a regular run.
	const executions = (await listExecutions(queue.session)).filter(
		(execution) => !queue.seen.has(execution.id),
	);
	for (const execution of executions) queue.seen.add(execution.id);
	for (const entry of unique(round))
		await checkExecutions(queue, entry, round, executions, jobsBefore);
}

function contextFor(queue: QueueCell, workflow: WorkflowJson): CheckContext {
	return checkContext(workflow, queue.cell, queue.run, queue.readBinary);
}

function roundLabel(round: WebhookWorkflow[]): string {
	return round.length > 1 && round.every((entry) => entry === round[0])
		? `${round.length} × ${relative(repoRoot, round[0]!.file)} at once`
		: round.map(({ file }) => relative(repoRoot, file)).join(', ') + ' at once';
}

function checkAnswers(
	round: WebhookWorkflow[],
	answers: WebhookAnswer[],
	creates: number,
	ctx: CheckContext,
): void {
	answers.forEach(({ status, answer, text }, index) => {
		if (status !== 200)
			ctx.problems.push(
				`call ${index}: webhook answered ${status || 'nothing'}: ${text.slice(0, 300)}`,
			);
		else if (basename(round[index]!.file) === BURST_FILE) checkWebhookAnswer(answer, ctx);
	});
	const burst = round.every((entry) => basename(entry.file) === BURST_FILE);
	if (burst && creates !== round.length)
		ctx.problems.push(
			`${round.length} call(s) made ${creates} POST /v1/videos (expected exactly one each)`,
		);
	ctx.notes.push(`${round.length} call(s), ${creates} POST /v1/videos in the simulator's log`);
}

/** One workflow's executions of a round: as many as calls, each run by a worker, each passing the checks. */
async function checkExecutions(
	queue: QueueCell,
	{ file, workflow }: WebhookWorkflow,
	round: WebhookWorkflow[],
	executions: ExecutionSummary[],
	jobsBefore: Set<string>,
): Promise<void> {
	const mine = executions.filter((execution) => execution.workflowId === workflow.id);
	const expected = round.filter((entry) => entry.workflow === workflow).length;
	const ctx = { ...contextFor(queue, workflow), jobsBefore };
	if (mine.length !== expected)
		ctx.problems.push(
			`the main lists ${mine.length} execution(s) of this workflow, expected ${expected}`,
		);
	const perWorker = queue.workers.map(
		(worker) =>
			mine.filter((execution) =>
				worker.output().includes(`Worker started execution ${execution.id} `),
			).length,
	);
	const onWorkers = perWorker.reduce((sum, count) => sum + count, 0);
	ctx.notes.push(
		`executions ${mine.map((execution) => execution.id).join(', ')}; run by the workers ${perWorker.join(' + ')}`,
	);
	if (onWorkers !== mine.length)
		ctx.problems.push(`${mine.length - onWorkers} execution(s) did not run on a worker`);
	for (const summary of mine) {
		const { status, run } = await fetchExecution(queue.session, queue.instance, summary.id);
		if (status !== 'success') ctx.problems.push(`execution ${summary.id}: status ${status}`);
		checkNodeStatuses(run, ctx);
		await checkSoraOutputs(run, ctx);
	}
	queue.run.report({
		cell: queue.cell.name,
		label: `${relative(repoRoot, file)}: executions on the workers, files from the main`,
		ok: ctx.problems.length === 0,
		ms: 0,
		problems: ctx.problems,
		notes: ctx.notes,
	});
}

function unique<T extends { workflow: WorkflowJson }>(entries: T[]): T[] {
	return entries.filter(
		(entry, index) => entries.findIndex((other) => other.workflow === entry.workflow) === index,
	);
}
