import { startSimulator } from '../../simulator';
import { runNode } from '../support/node-context';
import { VirtualClock } from '../support/virtual-clock';

/**
 * The automatic interval against the simulator's progress curve, in virtual time: how late the
 * node notices a finished job, and how many status reads it spends (the completion-lag targets
 * BENCHMARKS.md calls P2: lag ≤ 1 s, at most one status read per 3 s of render).
 * BENCHMARKS.md measures the same in real n8n.
 */
describe.each([20000, 45000, 120000])('automatic polling of a %d ms render', (renderMs) => {
	it('notices completion within a second or so, within the status-read budget', async () => {
		const clock = new VirtualClock();
		const restore = clock.install();
		const sim = await startSimulator({ apiKey: 'k', renderMs, now: clock.now });
		try {
			const credentials = { apiKey: 'k', baseUrl: sim.baseUrl };
			const created = await runNode({
				credentials,
				parameters: {
					operation: 'create',
					prompt: 'p',
					model: 'sora-2',
					seconds: '4',
					size: '720x1280',
					options: {},
				},
			});
			const id = String(created.output[0].json.id);
			clock.advance(100);
			await runNode({
				credentials,
				parameters: { operation: 'waitForCompletion', videoId: id, options: {} },
			});
			const lag = clock.now() - sim.completedAt(id)!;
			expect(lag).toBeLessThanOrEqual(renderMs <= 45000 ? 1000 : 1500);
			expect(sim.count('GET /videos/{id}')).toBeLessThanOrEqual(renderMs / 3000);
		} finally {
			await sim.stop();
			restore();
		}
	});
});

describe('progress lines', () => {
	it('come one per round of status reads, also when a timer fires a millisecond early', async () => {
		const clock = new VirtualClock();
		const preciseSleep = clock.sleep;
		clock.sleep = async (ms, signal) => await preciseSleep(ms > 1 ? ms - 1 : ms, signal);
		const restore = clock.install();
		const sim = await startSimulator({ apiKey: 'k', renderMs: 20000, now: clock.now });
		try {
			const credentials = { apiKey: 'k', baseUrl: sim.baseUrl };
			const created = await runNode({
				credentials,
				parameters: {
					operation: 'create',
					prompt: 'p',
					model: 'sora-2',
					seconds: '4',
					size: '720x1280',
					options: {},
				},
			});
			const waited = await runNode({
				credentials,
				parameters: {
					operation: 'waitForCompletion',
					videoId: String(created.output[0].json.id),
					options: {},
				},
			});
			expect(waited.output[0].json.status).toBe('completed');
			expect(waited.messages).toHaveLength(sim.count('GET /videos/{id}'));
			expect(new Set(waited.messages).size).toBe(waited.messages.length);
		} finally {
			await sim.stop();
			restore();
		}
	});
});
