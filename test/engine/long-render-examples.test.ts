/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// The long-render examples in n8n-core's WorkflowExecute: the pipeline pair (create the jobs and
// end; a Sora Videos Trigger starts the second workflow for the jobs that finish) and the loop for
// servers without a list (n8n's Wait parks the execution between status reads). The real Schedule
// Trigger, Wait and If run in the e2e suite (test/e2e/trigger-cell.ts, loop-cell.ts).
import { join } from 'node:path';

import { readWorkflow } from '../../support/engine/engine';
import { examplesDir, isMp4, RENDER_MS, useExampleRuns } from './example-runs';

const runs = useExampleRuns();
const pair = {
	create: join(examplesDir, 'pipeline-create.json'),
	finished: join(examplesDir, 'pipeline-finished.json'),
};

describe('the pipeline pair', () => {
	test('part 1 creates ten jobs and ends at once; part 2 starts for them once, with their MP4s', async () => {
		const active = runs.engine.activate(pair.finished, { credentials: runs.credentials() });
		expect(await active.poll()).toBeNull();

		const started = runs.clock.now();
		const created = await runs.engine.run(pair.create, { credentials: runs.credentials() });
		expect(created.status).toBe('success');
		expect(runs.clock.now()).toBe(started);
		const jobs = created.items('Start Renders').map((item) => item.json);
		expect(jobs).toHaveLength(10);
		expect(jobs.every((job) => job.status === 'queued')).toBe(true);

		runs.clock.advance(RENDER_MS);
		const emitted = await active.poll();
		expect(emitted!.map((item) => item.json.id)).toEqual(jobs.map((job) => job.id));
		const workflow = readWorkflow(pair.finished);
		const run = await runs.engine.run(workflow, {
			credentials: runs.credentials(),
			triggerItems: emitted!,
		});
		const { files } = await runs.checkSoraOutputs(workflow, run);
		expect(files.map((file) => file.id)).toEqual(jobs.map((job) => job.id));
		expect(files.every((file) => isMp4(file.bytes))).toBe(true);
		const uploaded = run.items('Upload (Stand-In)');
		expect(uploaded.map((item) => item.json.uploaded)).toEqual(Array(10).fill(true));
		expect(await active.poll()).toBeNull();
		expect(active.staticData()).toMatchObject({ 'node:Every Minute': { seen: {} } });
	});
});

describe('the loop for servers without a list', () => {
	const loop = join(examplesDir, 'long-render-loop.json');
	const withPrompt = (prompt: string) => {
		const workflow = readWorkflow(loop);
		workflow.nodes.find((node) => node.name === 'Start Render')!.parameters.prompt = prompt;
		return workflow;
	};

	test('a render longer than one wait: parked twice, two status reads, then the download', async () => {
		runs.sim.configure({ renderMs: 100_000 });
		const workflow = readWorkflow(loop);
		const run = await runs.engine.run(workflow, {
			credentials: runs.credentials(),
			onWait: (waitTill) => runs.clock.advance(waitTill.getTime() - Date.now()),
		});
		await runs.checkSoraOutputs(workflow, run);
		expect(run.waits).toHaveLength(2);
		expect(run.items('Job Status', { runIndex: 0 })[0].json.status).toBe('in_progress');
		expect(run.items('Job Status', { runIndex: 1 })[0].json.status).toBe('completed');
		// Two by Job Status, one by Download (it reads the status before it downloads).
		expect(runs.sim.count('GET /videos/{id}')).toBe(3);
		expect(run.items('MP4 File')[0].binary!.data.mimeType).toBe('video/mp4');
	});

	test('a failed job stops the loop with its reason', async () => {
		const run = await runs.engine.run(withPrompt('A storm [moderation]'), {
			credentials: runs.credentials(),
			onWait: (waitTill) => runs.clock.advance(waitTill.getTime() - Date.now()),
		});
		expect(run.status).toBe('error');
		expect(run.waits).toHaveLength(1);
		expect(run.nodeErrors()['Stop: Failed or Too Long']).toMatch(/is failed: .*moderation/i);
	});

	test('a render that never ends stops after 40 rounds, without a download', async () => {
		runs.sim.configure({ renderMs: 10 * 3_600_000 });
		const run = await runs.engine.run(loop, {
			credentials: runs.credentials(),
			onWait: (waitTill) => runs.clock.advance(waitTill.getTime() - Date.now()),
		});
		expect(run.status).toBe('error');
		expect(run.waits).toHaveLength(41);
		expect(run.nodeErrors()['Stop: Failed or Too Long']).toMatch(/in_progress after 40 rounds/);
		expect(run.executed).not.toContain('MP4 File');
	});

	test('without a wait tracker the execution stays parked: status waiting', async () => {
		const run = await runs.engine.run(loop, { credentials: runs.credentials() });
		expect(run.status).toBe('waiting');
		expect(run.executed).toEqual(['When clicking ‘Execute workflow’', 'Start Render', 'Wait 70 s']);
	});
});
