// The 24-hour horizon: how far back a poll reads the list, which jobs it still emits, how much
// state it keeps, and the cap on one poll's emissions.
import { HORIZON_SECONDS } from '../../../nodes/SoraVideosTrigger/horizon';
import { MAX_EMITTED } from '../../../nodes/SoraVideosTrigger/poll';
import { jsonAnswer as json, useLocalServers } from '../../support/local-server';
import {
	clock,
	create,
	credentialsAt,
	credentialsFor,
	simulator,
	useSimulators,
} from '../../support/node-harness';
import { emittedIds, trigger } from '../../support/trigger-harness';

useSimulators();

const HOUR_MS = 3600_000;

it('is 24 hours', () => {
	expect(HORIZON_SECONDS).toBe(24 * 3600);
});

it('a job created 23 hours before it finishes is emitted; one created 25 hours before is not', async () => {
	const sim = await simulator();
	const watcher = trigger({ credentials: credentialsFor(sim) });
	await watcher.poll();
	sim.configure({ renderMs: 25 * HOUR_MS });
	const tooOld = await create(sim, 'openai', 'rendered for 25 hours');
	clock.advance(2 * HOUR_MS);
	sim.configure({ renderMs: 23 * HOUR_MS });
	const late = await create(sim, 'openai', 'rendered for 23 hours');
	clock.advance(23 * HOUR_MS + 1000);
	expect(emittedIds(await watcher.poll())).toEqual([late.id]);
	expect(sim.completedAt(tooOld.id)).toBeLessThanOrEqual(clock.now());
	expect(await watcher.poll()).toBeNull();
});

it('a poll reads the list back to the horizon only, and keeps only ids inside it', async () => {
	const sim = await simulator('openai', { renderMs: 1000 });
	const watcher = trigger({
		credentials: credentialsFor(sim),
		parameters: { options: { includeEarlier: true } },
	});
	for (let index = 0; index < 150; index++) await create(sim, 'openai', `old ${index}`);
	clock.advance(HOUR_MS);
	expect(await watcher.poll()).toHaveLength(MAX_EMITTED);
	expect(await watcher.poll()).toHaveLength(150 - MAX_EMITTED);
	expect(Object.keys(watcher.saved().seen as object)).toHaveLength(150);
	clock.advance(24 * HOUR_MS);
	const fresh = [await create(sim, 'openai', 'new one'), await create(sim, 'openai', 'new two')];
	clock.advance(5000);
	const listsBefore = sim.count('GET /videos');
	expect(emittedIds(await watcher.poll())).toEqual(fresh.map((job) => job.id));
	// One page of 100 reaches past the horizon: the 150 old jobs are not paged through.
	expect(sim.count('GET /videos') - listsBefore).toBe(1);
	expect(Object.keys(watcher.saved().seen as object).sort()).toEqual(
		fresh.map((job) => job.id).sort(),
	);
});

it(`emits at most ${MAX_EMITTED} jobs a poll; the rest come with the next poll`, async () => {
	const sim = await simulator('openai', { renderMs: 1000 });
	const watcher = trigger({
		credentials: credentialsFor(sim),
		parameters: { options: { includeEarlier: true } },
	});
	const jobs = [];
	for (let index = 0; index < MAX_EMITTED + 20; index++)
		jobs.push((await create(sim, 'openai', `job ${index}`)).id);
	clock.advance(5000);
	const first = emittedIds(await watcher.poll());
	expect(first).toHaveLength(MAX_EMITTED);
	watcher.restart();
	const second = emittedIds(await watcher.poll());
	expect([...first, ...second]).toEqual(jobs);
	expect(await watcher.poll()).toBeNull();
});

describe('a server whose jobs carry no created_at', () => {
	const { serve } = useLocalServers();

	it('a finished job it keeps listing is never emitted again, however long it stays in the list', async () => {
		const job = { id: 'v1', object: 'video', status: 'completed', progress: 100 };
		const server = await serve(() => json(200, { object: 'list', data: [job], has_more: false }));
		const watcher = trigger({
			credentials: credentialsAt(server.baseUrl),
			parameters: { options: { includeEarlier: true } },
		});
		expect(emittedIds(await watcher.poll())).toEqual(['v1']);
		// Each poll that still lists it keeps it inside the horizon, past 24 hours after it was first seen.
		for (const hours of [12, 13, 1, 1]) {
			clock.advance(hours * HOUR_MS);
			expect(await watcher.poll()).toBeNull();
		}
	});
});
