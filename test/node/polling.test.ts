import { clock as nodeClock } from '../../nodes/SoraVideos/helpers/clock';
import { clock, create, run, simulator, useSimulators } from '../support/node-harness';

useSimulators();

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

describe('progress lines', () => {
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
