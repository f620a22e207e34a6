// The executions the Sora Videos Trigger started in a trigger cell (trigger-cell.ts), read from the
// main as its owner: each checked like any run (node statuses, ids, the stored MP4's bytes), in
// queue mode found in a worker's log, and the jobs each emitted counted: every job once.
import { checkContext } from './cell-setup';
import { checkNodeStatuses, checkSoraOutputs, TRIGGER_TYPE } from './checks';
import { fetchExecution, listExecutions, readThroughMain } from '../../support/n8n/owner-session';
import { nodeItems } from '../../support/n8n/run-data';
import type { Pipeline } from './trigger-cell';

/** Which executions emitted each job, and which executions were read already. */
export interface Emissions {
	byJob: Map<string, string[]>;
	read: Set<string>;
}

/** Statuses of executions that will not change any more. */
const ENDED = new Set(['success', 'error', 'crashed', 'canceled']);

/** Reads the finished workflow's executions that ended since the last call, and checks each. */
export async function readNewExecutions(pipeline: Pipeline, problems: string[]): Promise<void> {
	const { session, finished, emissions } = pipeline;
	const trigger = finished.workflow.nodes.find((node) => node.type === TRIGGER_TYPE)!;
	const ended = (await listExecutions(session)).filter(
		(execution) =>
			execution.workflowId === finished.id &&
			ENDED.has(execution.status) &&
			!emissions.read.has(execution.id),
	);
	for (const { id } of ended.sort((a, b) => Number(a.id) - Number(b.id))) {
		emissions.read.add(id);
		const { status, run } = await fetchExecution(pipeline.session, pipeline.instance, id);
		const ctx = checkContext(finished.workflow, pipeline.cell, pipeline.run, async (binary) =>
			readThroughMain(pipeline.session, binary),
		);
		if (status !== 'success') ctx.problems.push(`status ${status}`);
		checkNodeStatuses(run, ctx);
		await checkSoraOutputs(run, ctx);
		if (
			pipeline.workers.length > 0 &&
			!pipeline.workers.some((worker) =>
				worker.output().includes(`Worker started execution ${id} `),
			)
		)
			ctx.problems.push('not run by a worker');
		for (const item of nodeItems(run, trigger.name)) {
			const job = String(item.json.id);
			emissions.byJob.set(job, [...(emissions.byJob.get(job) ?? []), id]);
		}
		problems.push(...ctx.problems.map((problem) => `execution ${id}: ${problem}`));
	}
}

/**
 * Every job of the phase emitted, each once; no job of an earlier phase emitted again. After a
 * SIGKILL a repeat is what docs/trigger.md says may happen: counted in a note, not a failure.
 */
export function checkPipelineExecutions(
	pipeline: Pipeline,
	jobs: string[],
	afterCrash: boolean,
	ctx: { problems: string[]; notes: string[] },
): void {
	const { byJob } = pipeline.emissions;
	const executions = new Set(jobs.flatMap((job) => byJob.get(job) ?? []));
	ctx.notes.push(
		`${jobs.length} finished jobs started ${executions.size} execution(s) of the finished workflow: ${[...executions].join(', ')} (one item per job)`,
	);
	const lost = jobs.filter((job) => !byJob.has(job));
	if (lost.length > 0) ctx.problems.push(`${lost.length} job(s) never emitted: ${lost.join(', ')}`);
	const repeated = [...byJob].filter(([, runs]) => runs.length > 1);
	const said = repeated.map(([job, runs]) => `${job} in executions ${runs.join(', ')}`);
	if (repeated.length === 0) ctx.notes.push('no job emitted twice');
	else if (afterCrash) ctx.notes.push(`emitted again after the crash: ${said.join('; ')}`);
	else ctx.problems.push(`emitted more than once: ${said.join('; ')}`);
}
