/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node tooling, not published (DEVELOPERS.md) */
// The pipeline pair in a real n8n started with `n8n start` (activation needs the main process), in
// regular mode and in queue mode (main + 2 workers, Redis, PostgreSQL): pipeline-create.json
// (its Schedule Trigger replaced by a webhook, so the cell decides when it runs) creates ten jobs
// and ends; pipeline-finished.json (Sora Videos Trigger, Download on, polled every minute) must
// start for each of them exactly once, with that job's MP4. Then the same with the main stopped
// gracefully (SIGTERM, as deployments restart n8n) while the jobs render, and in regular mode
// killed (SIGKILL): no job lost, none repeated after SIGTERM, repeats after SIGKILL counted
// (docs/trigger.md, "Restarts"; docs/e2e.md, "Long renders").
import { randomBytes } from 'node:crypto';

import type { Cell } from './cells';
import {
	checkOffline,
	exampleFile,
	importWithCredential,
	prepareInstance,
	queueEnvironment,
	readWorkflow,
	type MatrixRun,
} from './cell-setup';
import { createdIds } from './checks';
import { checkPipelineExecutions, readNewExecutions, type Emissions } from './pipeline-executions';
import type { ImportedWorkflow, N8nInstance } from '../../support/n8n/instance';
import { killGroup } from '../../support/n8n/processes';
import type { N8nServer } from '../../support/n8n/server';
import { ownerSession, sessionAt, type OwnerSession } from '../../support/n8n/owner-session';
import { asWebhookWorkflow, callWebhook, webhookOf, webhookPath } from '../../support/n8n/webhooks';
import type { WorkflowNode } from '../../support/n8n/run-data';

const JOBS = 10;
const QUEUE_WORKERS = 2;
/** Long enough that the jobs still render when n8n is stopped, short enough to end while it is down. */
const RESTART_RENDER_MS = 8000;
/** One poll a minute, plus the renders and the downloads. */
const COVERAGE_TIMEOUT_MS = 150_000;

/** One trigger cell's running n8n and what its checks need. */
export interface Pipeline {
	cell: Cell;
	run: MatrixRun;
	instance: N8nInstance;
	main: N8nServer;
	workers: N8nServer[];
	session: OwnerSession;
	finished: ImportedWorkflow;
	createNode: WorkflowNode;
	/** Every execution of the finished workflow read so far, with the jobs its trigger emitted. */
	emissions: Emissions;
}

interface Phase {
	label: string;
	renderMs: number;
	interrupt?: 'SIGTERM' | 'SIGKILL';
}

export async function runTriggerCell(cell: Cell, run: MatrixRun): Promise<void> {
	const queue = cell.executionMode === 'queue';
	const { instance, credentialId } = await prepareInstance(
		cell,
		run,
		queue ? queueEnvironment(cell, run) : {},
	);
	try {
		const pipeline = await startPipeline(cell, run, instance, credentialId);
		const { renderMs } = run.options;
		await runPhase(pipeline, { label: `${JOBS} jobs, the trigger polling every minute`, renderMs });
		await runPhase(pipeline, {
			label: `${JOBS} jobs, n8n's main stopped (SIGTERM) while they render, then started`,
			renderMs: RESTART_RENDER_MS,
			interrupt: 'SIGTERM',
		});
		if (!queue)
			await runPhase(pipeline, {
				label: `${JOBS} jobs, n8n killed (SIGKILL) while they render, then started`,
				renderMs: RESTART_RENDER_MS,
				interrupt: 'SIGKILL',
			});
		checkOffline(cell, instance, run);
	} finally {
		run.sim.configure({ renderMs: run.options.renderMs });
		await instance.dispose();
	}
}

/** Imports and publishes the pair, starts the main (and the workers) and signs in. */
async function startPipeline(
	cell: Cell,
	run: MatrixRun,
	instance: N8nInstance,
	credentialId: string,
): Promise<Pipeline> {
	const finished = await importWithCredential(
		instance,
		exampleFile('pipeline-finished.json'),
		credentialId,
		run.sim.baseUrl,
	);
	const path = `sora-pipeline-create-${randomBytes(4).toString('hex')}`;
	const create = await importWithCredential(
		instance,
		asWebhookWorkflow(readWorkflow(exampleFile('pipeline-create.json')), path),
		credentialId,
		run.sim.baseUrl,
	);
	for (const id of [finished.id, create.id]) await instance.publishWorkflow(id);
	const createNode = webhookOf(create.workflow)!;
	const main = await startMain(instance, createNode, run);
	const workers: N8nServer[] = [];
	if (cell.executionMode === 'queue')
		for (let index = 0; index < QUEUE_WORKERS; index++) workers.push(await instance.startWorker());
	const session = await ownerSession(main);
	return {
		cell,
		run,
		instance,
		main,
		workers,
		session,
		finished,
		createNode,
		emissions: { byJob: new Map(), read: new Set() },
	};
}

/** Starts `n8n start`; resolves once the create webhook is registered and the trigger has polled. */
async function startMain(
	instance: N8nInstance,
	createNode: WorkflowNode,
	run: MatrixRun,
): Promise<N8nServer> {
	const lists = run.sim.count('GET /videos');
	const main = await instance.startServer();
	await main.waitForWebhook(webhookPath(createNode), 'POST');
	const deadline = Date.now() + 60_000;
	while (run.sim.count('GET /videos') === lists) {
		if (Date.now() > deadline) throw new Error('the trigger did not poll within 60 s of the start');
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return main;
}

/** Stops the main with `signal` while the jobs render and starts it again; returns what happened. */
async function restartMain(
	pipeline: Pipeline,
	signal: 'SIGTERM' | 'SIGKILL',
	jobs: string[],
): Promise<string> {
	const { sim } = pipeline.run;
	const rendering = jobs.filter((id) => (sim.completedAt(id) ?? Infinity) > Date.now()).length;
	const stopping = Date.now();
	if (signal === 'SIGKILL') killGroup(pipeline.main.pid, 'SIGKILL');
	await pipeline.main.stop();
	const stopMs = Date.now() - stopping;
	pipeline.main = await startMain(pipeline.instance, pipeline.createNode, pipeline.run);
	pipeline.session = sessionAt(pipeline.main, pipeline.session);
	return `${rendering} of ${jobs.length} jobs were rendering at the ${signal}; the main stopped in ${stopMs} ms and was polling again ${Date.now() - stopping} ms after the signal`;
}

/** Runs the create workflow once, interrupts n8n if told, and checks what the trigger started. */
async function runPhase(pipeline: Pipeline, phase: Phase): Promise<void> {
	const { sim } = pipeline.run;
	sim.configure({ renderMs: phase.renderMs });
	const started = Date.now();
	const problems: string[] = [];
	const notes: string[] = [];
	const before = createdIds(sim);
	const answer = await callWebhook(pipeline.main, pipeline.createNode, {});
	if (answer.status !== 200)
		problems.push(`the create webhook answered ${answer.status}: ${answer.text.slice(0, 200)}`);
	const jobs = [...createdIds(sim)].filter((id) => !before.has(id));
	if (jobs.length !== JOBS)
		problems.push(`the create workflow made ${jobs.length} jobs, not ${JOBS}`);
	if (phase.interrupt) notes.push(await restartMain(pipeline, phase.interrupt, jobs));
	const deadline = Date.now() + COVERAGE_TIMEOUT_MS;
	for (;;) {
		await readNewExecutions(pipeline, problems);
		const emitted = jobs.filter((id) => pipeline.emissions.byJob.has(id));
		if (emitted.length === jobs.length || Date.now() > deadline) break;
		await new Promise((resolve) => setTimeout(resolve, 2000));
	}
	checkPipelineExecutions(pipeline, jobs, phase.interrupt === 'SIGKILL', { problems, notes });
	pipeline.run.report({
		cell: pipeline.cell.name,
		label: `pipeline pair: ${phase.label}`,
		ok: problems.length === 0,
		ms: Date.now() - started,
		problems,
		notes,
	});
}
