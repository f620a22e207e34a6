import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { clock as nodeClock } from '../../../../../nodes/SoraVideos/helpers/clock';
import { jsonAnswer as json, useLocalServers } from '../../../../support/local-server';
import { failureOf } from '../../../../support/node-context';
import {
	clock,
	create,
	run,
	runAt,
	simulator,
	useSimulators,
	waitFor,
} from '../../../../support/node-harness';
import { itRefusesBeforeSending } from '../../../../support/preflight';
import { createServed, runWithServer } from '../../../../support/self-hosted';

// Wait for Completion as a user reads its outcome: the timeout and failure messages, every status
// a server may use for "done" or "gone", all items waited for at once, downloads that fail or
// finish beside failed jobs, a cancel, and options refused before anything is sent. Its schedule
// and progress lines: waitForCompletion.operation.polling.test.ts.

useSimulators();
const { serve } = useLocalServers();

/** A server whose every status read answers `job` (no progress field unless given). */
async function fixedJobServer(job: IDataObject): Promise<string> {
	const server = await serve(() => json(200, { object: 'video', model: 'sora-2', ...job }));
	return server.baseUrl;
}

describe('messages', () => {
	it('a timeout says how long, the last status and progress, the time waited and the checks made', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const failure = await failureOf(run(sim, waitFor(job.id, { maxWaitSeconds: 5 })));
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
		const failure = await failureOf(runAt(baseUrl, waitFor('v1', { maxWaitSeconds: 5 })));
		expect(failure.message).toMatch(
			/^Video v1 did not finish within 5 s \(last status queued, progress unknown, waited 5 s, \d+ status checks\)$/,
		);
	});

	it('a failed job with no error says so, and what to do', async () => {
		const baseUrl = await fixedJobServer({ id: 'v1', status: 'failed' });
		const failure = await failureOf(runAt(baseUrl, waitFor('v1')));
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
		const { output } = await run(sim, waitFor(job.id));
		expect(output[0].json.wait).toMatchObject({
			timed_out: false,
			polls: sim.count('GET /videos/{id}'),
		});
	});

	it('Max Wait 0 is refused: nothing could be waited for', async () => {
		const sim = await simulator();
		const failure = await failureOf(run(sim, waitFor('video_1', { maxWaitSeconds: 0 })));
		expect(failure.message).toMatch(/Max Wait \(Seconds\)/);
		expect(failure.message).toMatch(/0 is not a positive number of seconds/);
		expect(sim.log()).toHaveLength(0);
	});
});

describe('Wait for Completion', () => {
	it('fails on timeout with the id, last status and progress', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		await expect(
			run(sim, { operation: 'waitForCompletion', videoId: job.id, options: { maxWaitSeconds: 5 } }),
		).rejects.toThrow(
			new RegExp(
				`Video ${job.id} did not finish within 5 s \\(last status in_progress, progress \\d+%`,
			),
		);
	});

	it('returns the current job on timeout when asked', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const { output } = await run(sim, {
			operation: 'waitForCompletion',
			videoId: job.id,
			options: { maxWaitSeconds: 5, onTimeout: 'returnCurrent' },
		});
		expect(output[0].json).toMatchObject({
			id: job.id,
			status: 'in_progress',
			wait: { timed_out: true },
		});
	});

	it('stops at once when the execution is cancelled: no request after the cancel', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const controller = new AbortController();
		let requestsAtCancel = -1;
		const realSleep = clock.sleep;
		let sleeps = 0;
		nodeClock.sleep = async (ms, signal) => {
			if (++sleeps === 2) {
				requestsAtCancel = sim.log().length;
				controller.abort();
			}
			await realSleep(ms, signal);
		};
		await expect(
			run(
				sim,
				{ operation: 'waitForCompletion', videoId: job.id, options: {} },
				{ signal: controller.signal, continueOnFail: true },
			),
		).rejects.toThrow();
		expect(requestsAtCancel).toBeGreaterThan(0);
		expect(sim.log()).toHaveLength(requestsAtCancel);
	});
});

describe('several items', () => {
	const prompts = ['one', 'two [moderation]', 'three'];

	it('waits for all items at once and reports a moderation failure on its own item', async () => {
		const sim = await simulator();
		const jobs: INodeExecutionData[] = [];
		for (const prompt of prompts) jobs.push({ json: await create(sim, 'openai', prompt) });
		const { output, messages } = await run(
			sim,
			(index) => ({ operation: 'waitForCompletion', videoId: jobs[index].json.id, options: {} }),
			{
				items: jobs,
				continueOnFail: true,
			},
		);
		expect(output.map((item) => item.json.status)).toEqual(['completed', 'failed', 'completed']);
		expect(output[1].json.error).toMatch(/moderation/i);
		expect((output[1].json.video as IDataObject).id).toBe(jobs[1].json.id);
		expect(messages.length).toBeGreaterThan(0);
		// One loop polls every job: far fewer status reads than one per job per second of render.
		expect(sim.count('GET /videos/{id}')).toBeLessThanOrEqual(3 * 8);
	});

	it('without Continue On Fail, stops waiting at the first failed job instead of waiting out the others', async () => {
		const sim = await simulator();
		const jobs: INodeExecutionData[] = [];
		for (const prompt of prompts) jobs.push({ json: await create(sim, 'openai', prompt) });
		sim.configure({ renderMs: 60 * 60_000 });
		const slow = { json: await create(sim, 'openai', 'a slow one') };
		const startedAt = clock.now();
		const failure = await failureOf(
			run(
				sim,
				(index) => ({
					operation: 'waitForCompletion',
					videoId: [...jobs, slow][index].json.id,
					options: {},
				}),
				{ items: [...jobs, slow] },
			),
		);
		expect(failure.message).toMatch(
			new RegExp(`Video ${String(jobs[1].json.id)} failed: .*moderation`),
		);
		expect(clock.now() - startedAt).toBeLessThan(5 * 60_000);
	});
});

describe('statuses that servers use', () => {
	async function serverSaying(status: string) {
		const video = {
			id: 'video_s1',
			object: 'video',
			model: 'sora-2',
			created_at: 1,
			progress: 40,
			seconds: '4',
			size: '720x1280',
		};
		const server = await serve(() => json(200, { ...video, status }));
		return server.baseUrl;
	}

	it('"success" ends the wait as completed', async () => {
		const baseUrl = await serverSaying('success');
		const { output } = await runAt(baseUrl, {
			operation: 'waitForCompletion',
			videoId: 'video_s1',
			options: {},
		});
		expect(output[0].json).toMatchObject({ id: 'video_s1', status: 'completed', progress: 100 });
		expect(clock.sleeps).toEqual([]);
	});

	it.each(['expired', 'cancelled', 'failure'])(
		'"%s" ends the wait as a failed job',
		async (status) => {
			const baseUrl = await serverSaying(status);
			const failure = await failureOf(
				runAt(baseUrl, { operation: 'waitForCompletion', videoId: 'video_s1', options: {} }),
			);
			expect(failure.message).toMatch(/video_s1/);
			expect(clock.sleeps).toEqual([]);
		},
	);
});

describe('a failed job answered with an HTTP error (vLLM-Omni) is that job', () => {
	it("Wait for Completion fails the item with the server's reason, and Continue On Fail keeps the failed video", async () => {
		const sim = await simulator('vllm-omni');
		const job = await createServed(sim, { prompt: 'a storm [engine-error]' });
		const failure = await failureOf(
			runWithServer(sim, { operation: 'waitForCompletion', videoId: job.id, options: {} }),
		);
		expect(failure.message).toMatch(
			new RegExp(`Video ${job.id} failed: CUDA out of memory.*\\(code 500\\)`),
		);
		const kept = await runWithServer(
			sim,
			{ operation: 'waitForCompletion', videoId: job.id, options: {} },
			undefined,
			{ continueOnFail: true },
		);
		expect(kept.output[0].json).toMatchObject({
			id: job.id,
			status: 'failed',
			video: { status: 'failed' },
		});
		// One poll while it runs, then one 500 per run: a failed job's answer is never retried.
		expect(
			sim
				.log()
				.filter((entry) => entry.route === 'GET /videos/{id}')
				.map((entry) => entry.status),
		).toEqual([200, 500, 500]);
	});
});

describe('servers that say little', () => {
	it('a job without progress shows its status alone in the progress line', async () => {
		const baseUrl = await fixedJobServer({ id: 'v1', status: 'queued' });
		const { messages } = await runAt(
			baseUrl,
			waitFor('v1', { maxWaitSeconds: 5, onTimeout: 'returnCurrent' }),
		);
		expect(messages[0]).toBe(
			'Sora Videos: 0 done, 0 failed, 1 waiting after 0 s (item 0 (v1): queued)',
		);
	});
});

describe('schedules and downloads', () => {
	it('a download that fails fails its own item; a job failed beside a download does not lose it', async () => {
		const sim = await simulator('openai', { contentFailures: -1 });
		const jobs = [
			{ json: await create(sim, 'openai', 'blocked [moderation]') },
			{ json: await create(sim, 'openai', 'no file') },
		];
		const { output } = await run(sim, (index) => waitFor(jobs[index].json.id, { download: true }), {
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
		const second = await run(sim, (index) => waitFor(again[index].json.id, { download: true }), {
			items: again,
			continueOnFail: true,
		});
		expect(second.output[0].json.error).toMatch(/moderation/);
		expect(second.output[1].binary?.data?.mimeType).toBe('video/mp4');
	});
});

describe('transport', () => {
	it('retries reads under faults while create is sent exactly once', async () => {
		const sim = await simulator('openai', {
			faultRate: 0.5,
			faultSeed: 7,
			faultKinds: ['429', '500', '502', '503', 'reset', 'truncate'],
		});
		const jobs: INodeExecutionData[] = [];
		for (let index = 0; index < 4; index++)
			jobs.push({ json: await create(sim, 'openai', `prompt ${index}`) });
		const { output } = await run(
			sim,
			(index) => ({
				operation: 'waitForCompletion',
				videoId: jobs[index].json.id,
				options: { download: true },
			}),
			{ items: jobs },
		);
		expect(output.map((item) => item.json.status)).toEqual([
			'completed',
			'completed',
			'completed',
			'completed',
		]);
		expect(sim.count('POST /videos')).toBe(4);
		expect(sim.log().filter((entry) => entry.fault).length).toBeGreaterThan(0);
	});
});

describe('pre-flight checks send no request', () => {
	describe('every locally detectable mistake names the item and the field, and sends nothing', () => {
		const waitWith = (options: IDataObject, videoId = 'video_1') => ({
			operation: 'waitForCompletion',
			videoId,
			options,
		});
		itRefusesBeforeSending([
			[
				'wait: an id with spaces',
				waitWith({}, 'video 1'),
				'Video ID',
				/not a usable video ID/,
				null,
			],
			[
				'wait: a negative max wait',
				waitWith({ maxWaitSeconds: -1 }),
				'Max Wait (Seconds)',
				/-1 is not a positive number of seconds/,
				null,
			],
			[
				'wait: a negative poll interval',
				waitWith({ pollIntervalSeconds: -5 }),
				'Poll Interval (Seconds)',
				/-5 is not a number of seconds/,
				null,
			],
			[
				'wait: an unknown timeout choice',
				waitWith({ onTimeout: 'explode' }),
				'On Timeout',
				/"explode" is not a choice/,
				null,
			],
			[
				'wait: an unknown download variant',
				waitWith({ download: true, variant: 'poster' }),
				'Variant',
				/"poster" is not a variant/,
				null,
			],
			[
				'wait: an empty download field',
				waitWith({ download: true, binaryPropertyName: '' }),
				'Put Output File in Field',
				/the binary property name is empty/,
				null,
			],
		]);
	});
});
