import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FAULT_KINDS } from '../../simulator';
import { forward, useLocalServers } from '../support/local-server';
import { createParameters, failureOf, type RunResult } from '../support/node-context';
import {
	clock,
	expectNoKey,
	runAt,
	sha256,
	simulator,
	useSimulators,
} from '../support/node-harness';
import { useTransportSettings } from '../support/transport-settings';

// The fault campaign: a hundred jobs through Create → Wait → Download while reads fail, a create
// whose outcome is unknown (sent once, and said how to find the job), and a download cut short.

useSimulators();
// A stalled body is noticed after 150 ms, so that stalls cost next to no real time.
useTransportSettings({ idleTimeoutMs: 150 });
const { serveHandler } = useLocalServers();

describe('fault campaign', () => {
	it('100 jobs through Create → Wait → Download with 30 % of reads failing: nothing lost, nothing duplicated', async () => {
		const sim = await simulator('openai', { faultRate: 0.3, faultSeed: 2026 });
		// One prompt for all: the simulator renders each distinct prompt's video once (about a third of a
		// CPU second), and this test is about the transport; each job's MP4 still differs (its id is in it).
		const prompts = Array.from({ length: 100 }, () => ({ json: { prompt: 'campaign shot' } }));
		const created = await runAt(
			sim.baseUrl,
			() => ({ ...createParameters, prompt: 'campaign shot' }),
			{ items: prompts },
		);
		expect(created.output).toHaveLength(100);

		const waited: RunResult = await runAt(
			sim.baseUrl,
			(index) => ({
				operation: 'waitForCompletion',
				videoId: created.output[index].json.id,
				options: { download: true },
			}),
			{ items: created.output },
		);
		const ids = created.output.map((item) => item.json.id);
		expect(new Set(ids).size).toBe(100);
		expect(waited.output.map((item) => item.json.id)).toEqual(ids);
		expect(waited.output.every((item) => item.json.status === 'completed')).toBe(true);
		for (const item of waited.output) {
			expect(sha256(waited.fileOf(item))).toBe(await sim.expectedSha256(String(item.json.id)));
		}
		expect(sim.count('POST /videos')).toBe(100);
		// Every kind of fault happened, on more than a quarter of the reads (30 % drawn; the simulator
		// never fails one route more than 3 times in a row, so a few draws are skipped).
		const reads = sim.log().filter((entry) => entry.method === 'GET');
		const faults = reads.filter((entry) => entry.fault);
		expect(new Set(faults.map((entry) => entry.fault))).toEqual(new Set(FAULT_KINDS));
		expect(faults.length / reads.length).toBeGreaterThan(0.25);
		expectNoKey(created.output, waited.output, waited.logs, waited.messages);
	});
});

describe('ambiguous create', () => {
	it('does not retry a create whose connection dropped, and says how to find the job', async () => {
		const sim = await simulator('openai', { dropCreateConnection: true });
		const failure = await failureOf(
			runAt(sim.baseUrl, { ...createParameters, prompt: 'maybe started' }),
		);
		expect(failure.message).toMatch(/^Create failed/);
		expect(failure.description).toMatch(/may have started the job.*Get Many/);
		expect(sim.count('POST /videos')).toBe(1);
		sim.configure({ dropCreateConnection: false });
		const listed = await runAt(sim.baseUrl, { operation: 'getMany', returnAll: true, options: {} });
		expect(listed.output.map((item) => item.json.prompt)).toEqual(['maybe started']);
	});

	it('marks the error item as possibly started with Continue On Fail', async () => {
		const sim = await simulator('openai', { dropCreateConnection: true });
		const { output } = await runAt(
			sim.baseUrl,
			{ ...createParameters, prompt: 'p' },
			{ continueOnFail: true },
		);
		expect(output[0].json).toMatchObject({
			mayHaveStartedJob: true,
			error: expect.stringMatching(/^Create failed/),
		});
		expect(output[0].json.description).toMatch(/may have started the job.*Get Many/);
		expect(sim.count('POST /videos')).toBe(1);
	});

	it('retries a create the server refused with 429', async () => {
		// A second server answers 429 once, then forwards to the simulator: the retry is safe.
		const sim = await simulator();
		let posts = 0;
		const { origin: proxy } = await serveHandler(async (request, body) => {
			if (request.method === 'POST' && posts++ === 0)
				return {
					status: 429,
					headers: { 'retry-after': '1' },
					body: '{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}',
				};
			return await forward(sim.baseUrl, request, body);
		});
		const { output } = await runAt(`${proxy}/v1`, {
			...createParameters,
			prompt: 'p',
			options: { sendAsJson: true },
		});
		expect(output[0].json.status).toBe('queued');
		expect(sim.count('POST /videos')).toBe(1);
		expect(clock.sleeps).toContain(1000);
	});
});

describe('truncation', () => {
	it('retries a download shorter than its Content-Length and never stores it short', async () => {
		const sim = await simulator('openai', {
			faultRate: 1,
			faultKinds: ['truncate'],
			maxConsecutiveFaults: 2,
		});
		sim.configure({ faultRate: 0 });
		const created = await runAt(sim.baseUrl, { ...createParameters, prompt: 'short file' });
		clock.advance(60000);
		sim.configure({ faultRate: 1 });
		const downloaded = await runAt(sim.baseUrl, {
			operation: 'download',
			videoId: created.output[0].json.id,
			variant: 'video',
			binaryPropertyName: 'data',
		});
		const item: INodeExecutionData = downloaded.output[0];
		expect(sha256(downloaded.fileOf(item))).toBe(await sim.expectedSha256(String(item.json.id)));
		expect(sim.log().filter((entry) => entry.fault === 'truncate').length).toBeGreaterThan(0);
		expect(downloaded.files.size).toBe(1);
		expect((item.json as IDataObject).status).toBe('completed');
	});
});
