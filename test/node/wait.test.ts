import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { jsonAnswer as json, useLocalServers } from '../support/local-server';
import { failureOf } from '../support/node-context';
import { clock, create, run, runAt, simulator, useSimulators } from '../support/node-harness';

// Wait for Completion as a user reads it: the progress lines, the timeout and failure messages,
// each item's own schedule, downloads that fail or finish beside failed jobs, and no sleep for
// nothing.

useSimulators();
const { serve } = useLocalServers();

const wait = (videoId: unknown, options: IDataObject = {}): IDataObject => ({
	operation: 'waitForCompletion',
	videoId: String(videoId),
	options,
});

/** A server whose every status read answers `job` (no progress field unless given). */
async function fixedJobServer(job: IDataObject): Promise<string> {
	const server = await serve(() => json(200, { object: 'video', model: 'sora-2', ...job }));
	return server.baseUrl;
}

describe('messages', () => {
	it('a timeout says how long, the last status and progress, the time waited and the checks made', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const failure = await failureOf(run(sim, wait(job.id, { maxWaitSeconds: 5 })));
		const checks = sim.count('GET /videos/{id}');
		expect(failure.message).toMatch(
			new RegExp(
				`^Video ${job.id} did not finish within 5 s \\(last status in_progress, progress \\d+%, waited 5 s, ${checks} status checks\\)$`,
			),
		);
		expect(failure.description).toBe(
			'The job may still finish: raise Max Wait, or set On Timeout to "Return the Current Video" and check again later with Get or another Wait for Completion.',
		);
		expect(failure.context?.video).toMatchObject({ id: job.id });
	});

	it('a server that sends no progress: the timeout says "progress unknown"', async () => {
		const baseUrl = await fixedJobServer({ id: 'v1', status: 'queued' });
		const failure = await failureOf(runAt(baseUrl, wait('v1', { maxWaitSeconds: 5 })));
		expect(failure.message).toMatch(
			/^Video v1 did not finish within 5 s \(last status queued, progress unknown, waited 5 s, \d+ status checks\)$/,
		);
	});

	it('a failed job with no error says so, and what to do', async () => {
		const baseUrl = await fixedJobServer({ id: 'v1', status: 'failed' });
		const failure = await failureOf(runAt(baseUrl, wait('v1')));
		expect(failure.message).toBe(
			'Video v1 failed: The job ended as "failed" without a reason (code failed)',
		);
		expect(failure.description).toBe(
			'The server reported status "failed" for video v1. Moderation blocks are common: rephrase the prompt and create it again.',
		);
	});

	it('a finished job says it did not time out, and how many checks it took', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const { output } = await run(sim, wait(job.id));
		expect(output[0].json.wait).toMatchObject({
			timed_out: false,
			polls: sim.count('GET /videos/{id}'),
		});
	});

	it('Max Wait 0 is refused: nothing could be waited for', async () => {
		const sim = await simulator();
		const failure = await failureOf(run(sim, wait('video_1', { maxWaitSeconds: 0 })));
		expect(failure.message).toMatch(/Max Wait \(Seconds\)/);
		expect(failure.message).toMatch(/0 is not a positive number of seconds/);
		expect(sim.log()).toHaveLength(0);
	});
});

describe('progress lines', () => {
	it('count done, failed and waiting, and show the first five waiting jobs with their status', async () => {
		const sim = await simulator();
		const jobs: INodeExecutionData[] = [];
		for (const prompt of ['one', 'two', 'three [moderation]', 'four', 'five', 'six'])
			jobs.push({ json: await create(sim, 'openai', prompt) });
		const ids = jobs.map((job) => String(job.json.id));
		const { messages, output } = await run(sim, (index) => wait(ids[index]), {
			items: jobs,
			continueOnFail: true,
		});
		expect(output.map((item) => item.json.status)).toEqual([
			'completed',
			'completed',
			'failed',
			'completed',
			'completed',
			'completed',
		]);
		const waiting = ids.filter((_, index) => index !== 2);
		expect(messages[1]).toBe(
			`Sora Videos: 0 done, 1 failed, 5 waiting after 2 s (${waiting.map((id) => `${id}: in_progress 5%`).join(', ')})`,
		);
		expect(messages.at(-1)).toMatch(/^Sora Videos: 5 done, 1 failed, 0 waiting after [\d.]+ s$/);
	});

	it('with more than five waiting, the line ends with "…"', async () => {
		const sim = await simulator();
		const jobs: INodeExecutionData[] = [];
		for (let index = 0; index < 6; index++)
			jobs.push({ json: await create(sim, 'openai', `p${index}`) });
		const ids = jobs.map((job) => String(job.json.id));
		const { messages } = await run(sim, (index) => wait(ids[index]), { items: jobs });
		expect(messages[0]).toBe(
			`Sora Videos: 0 done, 0 failed, 6 waiting after 0 s (${ids
				.slice(0, 5)
				.map((id) => `${id}: queued 0%`)
				.join(', ')}, …)`,
		);
	});

	it('show a job that is downloading as such', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const { messages } = await run(sim, wait(job.id, { download: true }));
		expect(messages).toContain(
			`Sora Videos: 0 done, 0 failed, 1 waiting after 20.5 s (${job.id}: downloading)`.replace(
				'20.5',
				messages.find((line) => line.includes('downloading'))!.match(/after ([\d.]+) s/)![1],
			),
		);
		expect(messages.at(-1)).toMatch(/^Sora Videos: 1 done, 0 failed, 0 waiting after [\d.]+ s$/);
	});

	it('go to the log, not the editor, outside manual runs', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const { messages, logs } = await run(sim, wait(job.id), { mode: 'trigger' });
		expect(messages).toEqual([]);
		expect(
			logs.some((line) => /^debug: Sora Videos: 1 done, 0 failed, 0 waiting after/.test(line)),
		).toBe(true);
	});
});

describe('schedules and downloads', () => {
	it('each item keeps its own Poll Interval: a short one is not held back by a long one', async () => {
		const sim = await simulator();
		const quick = { json: await create(sim, 'openai', 'quick') };
		const slow = { json: await create(sim, 'openai', 'slow') };
		const { output } = await run(
			sim,
			(index) => wait([quick, slow][index].json.id, { pollIntervalSeconds: index === 0 ? 2 : 120 }),
			{ items: [quick, slow] },
		);
		const waited = (item: INodeExecutionData) =>
			(item.json.wait as IDataObject).waited_seconds as number;
		expect(waited(output[0])).toBeLessThanOrEqual(22);
		expect(waited(output[1])).toBeGreaterThanOrEqual(120);
	});

	it('a download that fails fails its own item; a job failed beside a download does not lose it', async () => {
		const sim = await simulator('openai', { contentFailures: -1 });
		const jobs = [
			{ json: await create(sim, 'openai', 'blocked [moderation]') },
			{ json: await create(sim, 'openai', 'no file') },
		];
		const { output } = await run(sim, (index) => wait(jobs[index].json.id, { download: true }), {
			items: jobs,
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatch(/moderation/);
		expect(output[1].json.error).toMatch(/^Download of the video of video .* failed/);

		sim.configure({ contentFailures: 0 });
		const again = [
			{ json: await create(sim, 'openai', 'blocked again [moderation]') },
			{ json: await create(sim, 'openai', 'with file') },
		];
		const second = await run(sim, (index) => wait(again[index].json.id, { download: true }), {
			items: again,
			continueOnFail: true,
		});
		expect(second.output[0].json.error).toMatch(/moderation/);
		expect(second.output[1].binary?.data?.mimeType).toBe('video/mp4');
	});

	it('with every item refused before any check, it does not sleep at all', async () => {
		const sim = await simulator();
		const { output } = await run(sim, () => wait(''), {
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(output.map((item) => typeof item.json.error)).toEqual(['string', 'string']);
		expect(clock.sleeps).toEqual([]);
	});
});

describe('servers that say little', () => {
	it('a job without progress shows its status alone in the progress line', async () => {
		const baseUrl = await fixedJobServer({ id: 'v1', status: 'queued' });
		const { messages } = await runAt(
			baseUrl,
			wait('v1', { maxWaitSeconds: 5, onTimeout: 'returnCurrent' }),
		);
		expect(messages[0]).toBe('Sora Videos: 0 done, 0 failed, 1 waiting after 0 s (v1: queued)');
	});
});

describe('automatic schedule', () => {
	it('a job seen at one progress figure is checked again by what its age predicts, not at the ceiling', async () => {
		// Created as the wait starts; queued at 0 % for 10 s, then 80 % (10 s for 80 %: about 2.5 s
		// left), done 2.5 s after that. Without the job's age the next check would come 20 s later.
		const startedAt = clock.now();
		let firstAt80: number | undefined;
		const server = await serve(() => {
			const now = clock.now();
			if (now - startedAt >= 10000) firstAt80 ??= now;
			const done = firstAt80 !== undefined && now - firstAt80 >= 2500;
			const state = done
				? { status: 'completed', progress: 100 }
				: firstAt80 === undefined
					? { status: 'queued', progress: 0 }
					: { status: 'in_progress', progress: 80 };
			return json(200, {
				object: 'video',
				id: 'v1',
				model: 'sora-2',
				created_at: startedAt / 1000,
				...state,
			});
		});
		const { output } = await runAt(server.baseUrl, wait('v1'));
		expect(output[0].json.status).toBe('completed');
		expect((output[0].json.wait as IDataObject).waited_seconds).toBeLessThan(16);
	});
});
