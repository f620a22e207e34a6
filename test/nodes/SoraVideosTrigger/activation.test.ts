// What the trigger emits at activation and after: the jobs that had finished stay quiet unless
// Include Earlier, every job that finishes later is emitted once, oldest first, whatever the
// polls and restarts in between.
import {
	clock,
	create,
	RENDER_MS,
	credentialsFor,
	simulator,
	useSimulators,
} from '../../support/node-harness';
import { emittedIds, trigger } from '../../support/trigger-harness';

useSimulators();

async function finishedJobs(sim: Awaited<ReturnType<typeof simulator>>, count: number) {
	const jobs = [];
	for (let index = 0; index < count; index++) {
		jobs.push(await create(sim, 'openai', `job ${index}`));
		clock.advance(1000);
	}
	clock.advance(RENDER_MS);
	return jobs;
}

describe('first activation', () => {
	it('records the jobs that had finished and emits none of them, nor later', async () => {
		const sim = await simulator();
		await finishedJobs(sim, 3);
		const watcher = trigger({ credentials: credentialsFor(sim) });
		expect(await watcher.poll()).toBeNull();
		clock.advance(60000);
		expect(await watcher.poll()).toBeNull();
		expect(Object.keys(watcher.saved().seen as object)).toHaveLength(3);
	});

	it('with Include Earlier emits them once, oldest first', async () => {
		const sim = await simulator();
		const jobs = await finishedJobs(sim, 3);
		const watcher = trigger({
			credentials: credentialsFor(sim),
			parameters: { options: { includeEarlier: true } },
		});
		expect(emittedIds(await watcher.poll())).toEqual(jobs.map((job) => job.id));
		expect(await watcher.poll()).toBeNull();
	});

	it('a job still rendering at activation is emitted when it finishes', async () => {
		const sim = await simulator();
		await finishedJobs(sim, 1);
		const running = await create(sim, 'openai', 'still rendering');
		const watcher = trigger({ credentials: credentialsFor(sim) });
		expect(await watcher.poll()).toBeNull();
		clock.advance(RENDER_MS);
		const items = await watcher.poll();
		expect(emittedIds(items)).toEqual([running.id]);
		expect(items![0].json).toMatchObject({ id: running.id, status: 'completed', progress: 100 });
	});

	it('n8n starting with no saved state (a workflow published before start) also stays quiet', async () => {
		const sim = await simulator();
		await finishedJobs(sim, 2);
		const watcher = trigger({ credentials: credentialsFor(sim), activation: 'init' });
		expect(await watcher.poll()).toBeNull();
		const later = await create(sim, 'openai', 'later');
		clock.advance(RENDER_MS);
		expect(emittedIds(await watcher.poll())).toEqual([later.id]);
	});
});

describe('each job once', () => {
	it('across many polls, jobs finishing at different times are each emitted exactly once', async () => {
		const sim = await simulator();
		const watcher = trigger({ credentials: credentialsFor(sim) });
		expect(await watcher.poll()).toBeNull();
		const created = [];
		const emitted: unknown[] = [];
		for (let round = 0; round < 6; round++) {
			created.push((await create(sim, 'openai', `round ${round}`)).id);
			clock.advance(7000);
			emitted.push(...emittedIds(await watcher.poll()));
		}
		clock.advance(RENDER_MS);
		emitted.push(...emittedIds(await watcher.poll()));
		expect(await watcher.poll()).toBeNull();
		expect(emitted).toEqual(created);
	});

	it('several jobs finishing between two polls start one execution, one item per job', async () => {
		const sim = await simulator();
		const watcher = trigger({ credentials: credentialsFor(sim) });
		await watcher.poll();
		const jobs = await finishedJobs(sim, 10);
		const items = await watcher.poll();
		expect(emittedIds(items)).toEqual(jobs.map((job) => job.id));
	});

	it('a deactivated and reactivated workflow starts quiet again: what finished meanwhile is not emitted', async () => {
		const sim = await simulator();
		const watcher = trigger({ credentials: credentialsFor(sim) });
		await watcher.poll();
		await finishedJobs(sim, 2);
		watcher.reactivate();
		expect(await watcher.poll()).toBeNull();
		const after = await finishedJobs(sim, 1);
		expect(emittedIds(await watcher.poll())).toEqual([after[0].id]);
	});
});

describe('events', () => {
	it.each([
		// The moderated job fails right after its queue, long before the other completes.
		['finished', ['blocked', 'good']],
		['completed', ['good']],
		['failed', ['blocked']],
	])('%s emits the jobs of that outcome', async (event, expected) => {
		const sim = await simulator();
		const watcher = trigger({ credentials: credentialsFor(sim), parameters: { event } });
		await watcher.poll();
		const good = await create(sim, 'openai', 'good');
		clock.advance(1000);
		const blocked = await create(sim, 'openai', 'blocked [moderation]');
		clock.advance(RENDER_MS);
		const items = await watcher.poll();
		const byPrompt = { good: good.id, blocked: blocked.id } as Record<string, string>;
		expect(emittedIds(items)).toEqual(expected.map((name) => byPrompt[name]));
		const failed = (items ?? []).find((item) => item.json.id === blocked.id);
		if (failed)
			expect(failed.json).toMatchObject({
				status: 'failed',
				error: { code: 'moderation_blocked' },
			});
		expect(await watcher.poll()).toBeNull();
	});
});
