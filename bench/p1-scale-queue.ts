/* eslint-disable no-console -- Node tooling, not published (DEVELOPERS.md) */
// P1 at pipeline scale in n8n's queue mode: Redis, PostgreSQL, a main (`n8n start`) and
// QUEUE_WORKERS workers (`n8n worker`) on an instance of their own, with binary data in the
// database, as the e2e queue cells keep it (one store the main and every worker reach, on any
// machine). The regular side's workflow and simulator, started through a production webhook as
// the e2e queue cell starts one; its run is read back from the main's REST API as the owner.
import { randomBytes } from 'node:crypto';

import type { Simulator, SimulatorOptions } from '../simulator';
import { N8nInstance, type N8nRun } from '../support/n8n/instance';
import {
	fetchExecution,
	listExecutions,
	ownerSession,
	readThroughMain,
	type OwnerSession,
} from '../support/n8n/owner-session';
import type { BinaryRef, WorkflowNode } from '../support/n8n/run-data';
import type { N8nServer } from '../support/n8n/server';
import {
	queueModeEnvironment,
	startPostgres,
	startRedis,
	type Service,
} from '../support/n8n/services';
import { asWebhookWorkflow, callWebhook, webhookOf, webhookPath } from '../support/n8n/webhooks';
import { loadNow } from './measure';
import { installOurPackage, prepareWorkflow, type BenchContext } from './n8n-runs';
import { QUEUE_BINARY_MODE, QUEUE_WORKERS } from './options';
import { step } from './report';

/** One execution in queue mode, read while its main still serves the stored files. */
export interface QueueRun {
	sim: Simulator;
	run: N8nRun;
	/** A stored file's bytes, through the main's REST API. */
	readBinary(binary: BinaryRef): Promise<Buffer | undefined>;
	/** The worker that ran the execution, counted from 1. */
	worker: number;
	/** The webhook call, as this process timed it (it answers once the execution ends). */
	callMs: number;
	/** The load average as the webhook was called (after the set-up's own load). */
	load: string;
}

export interface QueueSpec {
	prompts: string[];
	simulator: Partial<SimulatorOptions>;
}

/** Runs P1's workflow once in queue mode and hands it to `use` before everything stops. */
export async function inQueueMode(
	ctx: BenchContext,
	spec: QueueSpec,
	use: (queue: QueueRun) => Promise<void>,
): Promise<void> {
	const services: Service[] = [];
	const processes: N8nServer[] = [];
	let instance: N8nInstance | undefined;
	try {
		const redis = await startRedis();
		services.push(redis);
		const postgres = await startPostgres();
		services.push(postgres);
		instance = N8nInstance.create(ctx.runtime, {
			keep: ctx.keep,
			env: {
				N8N_DEFAULT_BINARY_DATA_MODE: QUEUE_BINARY_MODE,
				...queueModeEnvironment(redis, postgres, 'bench_p1_scale'),
			},
			log: (line) => console.log(`  [n8n queue] ${line}`),
		});
		await installOurPackage(instance, ctx.tarball);
		const path = `bench-p1-scale-${randomBytes(4).toString('hex')}`;
		const { sim, workflow, workflowId } = await prepareWorkflow(
			{ instance, apiKey: ctx.apiKey },
			spec.simulator,
			'soraVideosApi',
			'p1-ours.json',
			spec.prompts,
			undefined,
			(template) => asWebhookWorkflow(template, path),
		);
		try {
			await instance.publishWorkflow(workflowId);
			step(`queue mode: a main and ${QUEUE_WORKERS} workers`);
			const main = await instance.startServer();
			processes.push(main);
			for (let index = 0; index < QUEUE_WORKERS; index++)
				processes.push(await instance.startWorker());
			const node = webhookOf(workflow)!;
			await main.waitForWebhook(webhookPath(node), 'POST');
			const session = await ownerSession(main);
			const started = { instance, main, workers: processes.slice(1), session, node, workflowId };
			await use({ sim, ...(await executeOnce(started)) });
		} finally {
			await sim.stop();
		}
	} finally {
		for (const child of processes.reverse()) await child.stop();
		await instance?.dispose();
		for (const service of services.reverse()) await service.stop();
	}
}

interface Started {
	instance: N8nInstance;
	main: N8nServer;
	workers: N8nServer[];
	session: OwnerSession;
	node: WorkflowNode;
	workflowId: string;
}

/** Calls the webhook, then reads the one execution it made as the main stored it. */
async function executeOnce(started: Started): Promise<Omit<QueueRun, 'sim'>> {
	const { instance, main, workers, session, node, workflowId } = started;
	const load = loadNow();
	const callStart = Date.now();
	const answer = await callWebhook(main, node, {});
	const callMs = Date.now() - callStart;
	if (answer.status !== 200)
		throw new Error(`P1 scale queue: the webhook answered ${answer.status}: ${answer.text}`);
	const executions = (await listExecutions(session)).filter(
		(execution) => execution.workflowId === workflowId,
	);
	if (executions.length !== 1)
		throw new Error(`P1 scale queue: the main lists ${executions.length} executions, not 1`);
	const id = executions[0]!.id;
	const { status, run } = await fetchExecution(session, instance, id);
	if (status !== 'success') throw new Error(`P1 scale queue: execution ${id} is ${status}`);
	const worker =
		workers.findIndex((child) => child.output().includes(`Worker started execution ${id} `)) + 1;
	if (worker === 0) throw new Error(`P1 scale queue: execution ${id} did not run on a worker`);
	return {
		run,
		readBinary: async (binary) => await readThroughMain(session, binary),
		worker,
		callMs,
		load,
	};
}
