import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Simulator } from '../../../../../simulator';
import { createParameters } from '../../../../support/node-context';

import { clock as nodeClock } from '../../../../../nodes/SoraVideos/helpers/clock';
import { jsonAnswer as json, useLocalServers } from '../../../../support/local-server';
import {
	clock,
	create,
	run,
	runAt,
	simulator,
	useSimulators,
	waitFor,
} from '../../../../support/node-harness';

// When Wait for Completion looks at a job again and what it says meanwhile: the progress lines,
// each item's own Poll Interval, the server's hint, and the automatic schedule against the
// simulator's progress curve, in virtual time; and no sleep for nothing.

useSimulators();
const { serve } = useLocalServers();

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How a progress line names a job: its item and the end of its (gateway-long) id. */
const named = (itemIndex: number, id: string) => `item ${itemIndex} (…${id.slice(-8)})`;

describe('progress lines', () => {
	it('count done, failed and waiting, and show the first five waiting jobs by item and short id, with their status', async () => {
		const sim = await simulator();
		const jobs: INodeExecutionData[] = [];
		for (const prompt of ['one', 'two', 'three [moderation]', 'four', 'five', 'six'])
			jobs.push({ json: await create(sim, 'openai', prompt) });
		const ids = jobs.map((job) => String(job.json.id));
		const { messages, output } = await run(sim, (index) => waitFor(ids[index]), {
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
		// Jobs created together are read at different moments (docs/protocol.md rule 25).
		const waiting = [0, 1, 3, 4, 5].map(
			(index) => `${escape(named(index, ids[index]))}: (queued|in_progress) \\d+%`,
		);
		const failedOnce = messages.find((line) => line.includes('1 failed'));
		expect(failedOnce).toMatch(
			new RegExp(
				`^Sora Videos: 0 done, 1 failed, 5 waiting after [\\d.]+ s \\(${waiting.join(', ')}\\)$`,
			),
		);
		expect(messages.at(-1)).toMatch(/^Sora Videos: 5 done, 1 failed, 0 waiting after [\d.]+ s$/);
	});

	it('with more than five waiting, the line ends with "…"', async () => {
		const sim = await simulator();
		const jobs: INodeExecutionData[] = [];
		for (let index = 0; index < 6; index++)
			jobs.push({ json: await create(sim, 'openai', `p${index}`) });
		const ids = jobs.map((job) => String(job.json.id));
		const { messages } = await run(sim, (index) => waitFor(ids[index]), { items: jobs });
		expect(messages[0]).toBe(
			`Sora Videos: 0 done, 0 failed, 6 waiting after 0 s (${ids
				.slice(0, 5)
				.map((id, index) => `${named(index, id)}: queued 0%`)
				.join(', ')}, …)`,
		);
	});

	it('show a job that is downloading as such', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const { messages } = await run(sim, waitFor(job.id, { download: true }));
		expect(messages).toContain(
			`Sora Videos: 0 done, 0 failed, 1 waiting after 20.5 s (${named(0, job.id)}: downloading)`.replace(
				'20.5',
				messages.find((line) => line.includes('downloading'))!.match(/after ([\d.]+) s/)![1],
			),
		);
		expect(messages.at(-1)).toMatch(/^Sora Videos: 1 done, 0 failed, 0 waiting after [\d.]+ s$/);
	});

	it('go to the log, not the editor, outside manual runs', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const { messages, logs } = await run(sim, waitFor(job.id), { mode: 'trigger' });
		expect(messages).toEqual([]);
		expect(
			logs.some((line) => /^debug: Sora Videos: 1 done, 0 failed, 0 waiting after/.test(line)),
		).toBe(true);
	});

	it('come one per round of status reads, also when a timer fires a millisecond early', async () => {
		// Every sleep of the node ends a millisecond early (useSimulators() restores its clock after).
		nodeClock.sleep = async (ms, signal) => await clock.sleep(ms > 1 ? ms - 1 : ms, signal);
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const waited = await run(sim, {
			operation: 'waitForCompletion',
			videoId: job.id,
			options: {},
		});
		expect(waited.output[0].json.status).toBe('completed');
		expect(waited.messages).toHaveLength(sim.count('GET /videos/{id}'));
		expect(new Set(waited.messages).size).toBe(waited.messages.length);
	});
});

describe('schedules and downloads', () => {
	it('each item keeps its own Poll Interval: a short one is not held back by a long one', async () => {
		const sim = await simulator();
		const quick = { json: await create(sim, 'openai', 'quick') };
		const slow = { json: await create(sim, 'openai', 'slow') };
		const { output } = await run(
			sim,
			(index) =>
				waitFor([quick, slow][index].json.id, { pollIntervalSeconds: index === 0 ? 2 : 120 }),
			{ items: [quick, slow] },
		);
		const waited = (item: INodeExecutionData) =>
			(item.json.wait as IDataObject).waited_seconds as number;
		expect(waited(output[0])).toBeLessThanOrEqual(22);
		expect(waited(output[1])).toBeGreaterThanOrEqual(120);
	});

	it('with every item refused before any check, it does not sleep at all', async () => {
		const sim = await simulator();
		const { output } = await run(sim, () => waitFor(''), {
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(output.map((item) => typeof item.json.error)).toEqual(['string', 'string']);
		expect(clock.sleeps).toEqual([]);
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
		const { output } = await runAt(server.baseUrl, waitFor('v1'));
		expect(output[0].json.status).toBe('completed');
		expect((output[0].json.wait as IDataObject).waited_seconds).toBeLessThan(16);
	});
});

describe('Wait for Completion', () => {
	it('uses a fixed poll interval when set, and the server hint otherwise', async () => {
		const sim = await simulator('openai', { pollAfterMs: 5000 });
		const job = await create(sim, 'openai');
		await run(sim, { operation: 'waitForCompletion', videoId: job.id, options: {} });
		expect(clock.sleeps.every((ms) => ms === 5000)).toBe(true);
		clock.sleeps.length = 0;
		const second = await create(sim, 'openai');
		await run(sim, {
			operation: 'waitForCompletion',
			videoId: second.id,
			options: { pollIntervalSeconds: 3 },
		});
		expect(clock.sleeps.every((ms) => ms === 3000)).toBe(true);
	});
});

/**
 * The automatic interval against the simulator's progress curve, in virtual time: how late the
 * node notices a finished job, and how many status reads it spends (the completion-lag targets
 * BENCHMARKS.md calls P2: lag ≤ 1 s, at most one status read per 3 s of render).
 * BENCHMARKS.md measures the same in real n8n.
 */
describe.each([20000, 45000, 120000])('automatic polling of a %d ms render', (renderMs) => {
	it('notices completion within a second or so, within the status-read budget', async () => {
		const sim = await simulator('openai', { renderMs });
		const job = await create(sim, 'openai');
		clock.advance(100);
		await run(sim, { operation: 'waitForCompletion', videoId: job.id, options: {} });
		const lag = clock.now() - sim.completedAt(job.id)!;
		expect(lag).toBeLessThanOrEqual(renderMs <= 45000 ? 1000 : 1500);
		expect(sim.count('GET /videos/{id}')).toBeLessThanOrEqual(renderMs / 3000);
	});
});

/** The simulator's status reads of job `id`, in ms after `since`. */
const readsOf = (sim: Simulator, id: string, since: number) =>
	sim
		.log()
		.filter((entry) => entry.route === 'GET /videos/{id}' && entry.path.includes(id))
		.map((entry) => entry.time - since);

describe('the first read and the siblings (docs/protocol.md rule 25)', () => {
	it('a job known running from its input item is first read when it is 4 s old; without its created_at, at once', async () => {
		const sim = await simulator('vllm-omni');
		const job = await create(sim, 'vllm-omni');
		const createdAt = Number(job.created_at) * 1000;
		await run(sim, waitFor(job.id), { items: [{ json: job }] });
		expect(readsOf(sim, job.id, createdAt)[0]).toBe(4000);
		const second = await create(sim, 'vllm-omni');
		const startedAt = clock.now();
		const withoutAge: IDataObject = { ...second };
		delete withoutAge.created_at;
		await run(sim, waitFor(second.id), { items: [{ json: withoutAge }] });
		expect(readsOf(sim, second.id, startedAt)[0]).toBe(0);
	});

	it('a fixed Poll Interval reads at once', async () => {
		const sim = await simulator('vllm-omni');
		const job = await create(sim, 'vllm-omni');
		const startedAt = clock.now();
		await run(sim, waitFor(job.id, { pollIntervalSeconds: 5 }), { items: [{ json: job }] });
		expect(readsOf(sim, job.id, startedAt)[0]).toBe(0);
	});

	it("Create's Wait for Completion option reads a new job when it is 4 s old", async () => {
		const sim = await simulator('vllm-omni');
		const startedAt = clock.now();
		const { output } = await run(sim, {
			...createParameters,
			model: '',
			options: { waitForCompletion: true },
		});
		const id = String(output[0].json.id);
		expect(readsOf(sim, id, startedAt)[0]).toBe(4000);
	});

	it('once a job is seen completed, its siblings alike are read at once; a job unlike them is not', async () => {
		const sim = await simulator('vllm-omni', { renderMs: 60000 });
		const alike = [await create(sim, 'vllm-omni', 'one'), await create(sim, 'vllm-omni', 'two')];
		const { output } = await run(sim, {
			...createParameters,
			model: '',
			seconds: '8',
		});
		const unlike = output[0].json as IDataObject & { id: string };
		const jobs = [...alike, unlike];
		const createdAt = Number(alike[0].created_at) * 1000;
		await run(sim, (index) => waitFor(jobs[index].id), { items: jobs.map((json) => ({ json })) });
		const [first, second, third] = jobs.map((job) => readsOf(sim, job.id, createdAt));
		// The first of the alike is seen completed by its own schedule; the other is read with it.
		const seen = first.find((ms) => ms >= 60000)!;
		expect(second).toContain(seen);
		expect(third).not.toContain(seen);
	});
});
