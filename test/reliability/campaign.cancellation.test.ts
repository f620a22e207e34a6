import { eventLoopTurnsUntil } from '../support/event-loop';
import { forward, useLocalServers } from '../support/local-server';
import { createParameters } from '../support/node-context';
import { clock, runAt, simulator, useSimulators } from '../support/node-harness';
import { useTransportSettings } from '../support/transport-settings';

// A cancelled execution stops at once: the request in flight is aborted, a wait's sleep ends, and
// nothing is sent after the cancel.

useSimulators();
// A stalled body is noticed after 150 ms, so that stalls cost next to no real time.
useTransportSettings({ idleTimeoutMs: 150 });
const { serveHandler } = useLocalServers();

describe('cancellation', () => {
	it('sends no request after the cancel and aborts the request in flight', async () => {
		const sim = await simulator();
		const created = await runAt(sim.baseUrl, { ...createParameters, prompt: 'to cancel' });
		const controller = new AbortController();
		let reads = 0;
		let requestsAfterCancel = 0;
		let inFlightClosed = false;
		// A proxy in front of the simulator: the third status read is cancelled while in flight and never answered.
		const { origin: proxy } = await serveHandler(async (request, body) => {
			if (controller.signal.aborted) requestsAfterCancel++;
			if (++reads === 3) {
				request.socket.once('close', () => (inFlightClosed = true));
				controller.abort();
				return await new Promise<never>(() => undefined);
			}
			return await forward(sim.baseUrl, request, body);
		});
		const started = Date.now();
		const outcome = runAt(
			`${proxy}/v1`,
			{ operation: 'waitForCompletion', videoId: created.output[0].json.id, options: {} },
			{ signal: controller.signal, continueOnFail: true },
		);
		await expect(outcome).rejects.toThrow(/cancelled|aborted/i);
		expect(Date.now() - started).toBeLessThan(1000);
		expect(reads).toBe(3);
		// The request in flight is aborted: its connection closes without an answer.
		await eventLoopTurnsUntil(() => inFlightClosed);
		expect(inFlightClosed).toBe(true);
		// Nothing wakes up later to send another: a minute of the node's (virtual) time passes in silence.
		clock.advance(60_000);
		await eventLoopTurnsUntil(() => requestsAfterCancel > 0, 200);
		expect(requestsAfterCancel).toBe(0);
	});
});

describe('cancellation between polls', () => {
	it('a cancel while Wait for Completion sleeps ends the wait at once instead of sleeping out the interval', async () => {
		const sim = await simulator();
		const created = await runAt(sim.baseUrl, {
			...createParameters,
			prompt: 'cancelled while asleep',
		});
		const controller = new AbortController();
		clock.onSleep = () => controller.abort();
		const started = clock.now();
		const outcome = runAt(
			sim.baseUrl,
			{
				operation: 'waitForCompletion',
				videoId: created.output[0].json.id,
				options: { pollIntervalSeconds: 10 },
			},
			{ signal: controller.signal },
		);
		await expect(outcome).rejects.toThrow(/cancelled|aborted/i);
		expect(clock.sleeps).toEqual([10_000]);
		// n8n's sleep(ms, signal) ends when the signal aborts: none of the 10 s passed.
		expect(clock.now() - started).toBeLessThan(10_000);
		expect(sim.count('GET /videos/{id}')).toBe(1);
	});
});
