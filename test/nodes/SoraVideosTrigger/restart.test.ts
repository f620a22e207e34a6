// Restarts of n8n against the trigger's state, under n8n's rule for saving it: at activation and
// with every poll that emits, never after a poll that emits nothing. A graceful restart (SIGTERM,
// as deployments restart) loses and repeats nothing; a crash (SIGKILL) between an emission and
// its save repeats that emission and loses nothing (docs/trigger.md, "Restarts").
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

async function activeTrigger() {
	const sim = await simulator();
	const watcher = trigger({ credentials: credentialsFor(sim) });
	expect(await watcher.poll()).toBeNull();
	return { sim, watcher };
}

describe('a graceful restart', () => {
	it('between polls, after emissions: nothing is emitted again', async () => {
		const { sim, watcher } = await activeTrigger();
		const job = await create(sim, 'openai');
		clock.advance(RENDER_MS);
		expect(emittedIds(await watcher.poll())).toEqual([job.id]);
		expect(await watcher.poll()).toBeNull();
		watcher.restart();
		expect(await watcher.poll()).toBeNull();
	});

	it('while jobs render: each is emitted once when it finishes', async () => {
		const { sim, watcher } = await activeTrigger();
		const jobs = [await create(sim, 'openai', 'one'), await create(sim, 'openai', 'two')];
		clock.advance(RENDER_MS / 2);
		expect(await watcher.poll()).toBeNull();
		watcher.restart();
		expect(await watcher.poll()).toBeNull();
		clock.advance(RENDER_MS);
		expect(emittedIds(await watcher.poll())).toEqual(jobs.map((job) => job.id));
		watcher.restart();
		expect(await watcher.poll()).toBeNull();
	});

	it('jobs that finished while n8n was down are emitted by the first poll after the start', async () => {
		const { sim, watcher } = await activeTrigger();
		const job = await create(sim, 'openai');
		watcher.restart();
		clock.advance(RENDER_MS);
		expect(emittedIds(await watcher.poll())).toEqual([job.id]);
	});

	it('what empty polls changed (and n8n did not save) repeats nothing after a restart', async () => {
		const sim = await simulator();
		const watcher = trigger({
			credentials: credentialsFor(sim),
			parameters: { event: 'completed' },
		});
		await watcher.poll();
		await create(sim, 'openai', 'blocked [moderation]');
		clock.advance(RENDER_MS);
		// The failed job is recorded in memory by a poll that emits nothing: not saved.
		expect(await watcher.poll()).toBeNull();
		expect(Object.keys(watcher.live().seen as object)).toHaveLength(1);
		expect(watcher.saved().seen).toEqual({});
		watcher.restart();
		expect(await watcher.poll()).toBeNull();
	});
});

describe('a crash (SIGKILL) before the emission was saved', () => {
	it('emits that job again after the start, and loses none', async () => {
		const { sim, watcher } = await activeTrigger();
		const first = await create(sim, 'openai', 'first');
		clock.advance(RENDER_MS);
		expect(emittedIds(await watcher.poll())).toEqual([first.id]);
		const second = await create(sim, 'openai', 'second');
		clock.advance(RENDER_MS);
		expect(emittedIds(await watcher.poll())).toEqual([second.id]);
		watcher.crashBeforeSave();
		// The repeat docs/trigger.md tells how to drop: the same id as an execution before.
		expect(emittedIds(await watcher.poll())).toEqual([second.id]);
		expect(await watcher.poll()).toBeNull();
	});
});
