/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// The engine harness behaves as n8n does where the examples rely on it: cancelling (the Stop
// button, an aborted signal), failing nodes and credentials, auth header styles from the
// credential type, CLI mode's silent UI channel, n8n-core's HTTP client on stalled bodies, and
// streams read back from the filesystem store.
import { join } from 'node:path';

import type { INodeExecutionData } from 'n8n-workflow';

import { transportSettings } from '../../nodes/SoraVideos/transport';
import { readWorkflow, type Engine } from '../../support/engine/engine';
import { eventLoopTurnsUntil } from '../support/event-loop';
import { examplesDir, KEY, sha256, useExampleRuns } from './example-runs';

const runs = useExampleRuns();

describe('the harness behaves as n8n does', () => {
	test('cancelling stops the execution at once (status canceled) and the node stops polling', async () => {
		const workflow = readWorkflow(join(examplesDir, 'text-to-video.json'));
		runs.sim.configure({ renderMs: 10 * 60_000 });
		let pollsAtCancel = -1;
		const execution: ReturnType<Engine['start']> = runs.engine.start(workflow, {
			credentials: runs.credentials(),
			onMessage: (message) => {
				if (pollsAtCancel < 0 && /in_progress/.test(String(message.messages[0]))) {
					pollsAtCancel = runs.sim.count('GET /videos/{id}');
					execution!.cancel();
				}
			},
		});
		const run = await execution.result;
		expect(run.status).toBe('canceled');
		expect(pollsAtCancel).toBeGreaterThan(0);
		expect(run.run.data.resultData.runData['Finished MP4']?.[0]?.data).toBeUndefined();
		// n8n does not await the cancelled node: give it time to notice, then check it went quiet.
		for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
		const settled = runs.sim.count('GET /videos/{id}');
		expect(settled).toBeLessThanOrEqual(pollsAtCancel + 1);
		for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
		expect(runs.sim.count('GET /videos/{id}')).toBe(settled);
		expect(runs.sim.count('GET /videos/{id}/content')).toBe(0);
	});

	test('an aborted signal cancels the execution', async () => {
		const controller = new AbortController();
		runs.sim.configure({ renderMs: 10 * 60_000 });
		const running = runs.engine.start(join(examplesDir, 'text-to-video.json'), {
			credentials: runs.credentials(),
			onNodeStart: (name) => {
				if (name === 'Finished MP4') controller.abort();
			},
			signal: controller.signal,
		});
		const run = await running.result;
		expect(run.status).toBe('canceled');
	});

	test('a wrong key fails the run with the node’s error, and the key is in neither the run data nor the logs', async () => {
		const run = await runs.engine.run(join(examplesDir, 'text-to-video.json'), {
			credentials: { soraVideosApi: { apiKey: 'sk-wrong-key-9d2e', baseUrl: runs.sim.baseUrl } },
		});
		expect(run.status).toBe('error');
		expect(Object.keys(run.nodeErrors())).toEqual(['Start Render']);
		expect(run.error?.message).toMatch(/401|key|auth/i);
		expect(JSON.stringify(run.run)).not.toContain('sk-wrong-key-9d2e');
		expect(runs.createdIds()).toEqual([]);
	});

	test('a missing credential fails the node, as in n8n', async () => {
		const run = await runs.engine.run(join(examplesDir, 'text-to-video.json'), { credentials: {} });
		expect(run.status).toBe('error');
		expect(run.nodeErrors()['Start Render']).toMatch(/does not exist for type "soraVideosApi"/);
	});

	test('other auth header styles come from the credential type (api-key header, organization)', async () => {
		const run = await runs.engine.run(join(examplesDir, 'text-to-video.json'), {
			credentials: {
				soraVideosApi: {
					apiKey: KEY,
					baseUrl: runs.sim.baseUrl,
					authHeader: 'apiKey',
					organizationId: 'org-engine',
				},
			},
		});
		expect(run.status).toBe('success');
		const create = runs.sim.log().find((entry) => entry.route === 'POST /videos')!;
		expect(create.headers['api-key']).toBe('[redacted]');
		expect(create.headers.authorization).toBeUndefined();
		expect(create.headers['openai-organization']).toBe('org-engine');
	});

	test('in CLI mode (n8n execute) sendMessageToUI is silent; the progress goes to the log only', async () => {
		const run = await runs.engine.run(join(examplesDir, 'text-to-video.json'), {
			credentials: runs.credentials(),
			mode: 'cli',
		});
		expect(run.status).toBe('success');
		expect(run.messages).toEqual([]);
		expect(
			run.logs.some(
				(log) =>
					log.level === 'debug' && /Sora Videos: 1 done, 0 failed, 0 waiting/.test(log.message),
			),
		).toBe(true);
	});

	test('stalled bodies in n8n-core’s HTTP client: retried, and their connections closed by the node, not by the server', async () => {
		runs.sim.configure({
			faultRate: 1,
			faultKinds: ['stall'],
			maxConsecutiveFaults: 1,
			stallMs: 10 * 60_000,
		});
		const { idleTimeoutMs } = transportSettings;
		transportSettings.idleTimeoutMs = 200;
		try {
			const { workflow, run } = await runs.runExample('text-to-video.json');
			await runs.checkSoraOutputs(workflow, run);
			expect(runs.sim.log().filter((entry) => entry.fault === 'stall').length).toBeGreaterThan(1);
			await eventLoopTurnsUntil(() => runs.sim.responsesInFlight() === 0);
			expect(runs.sim.responsesInFlight()).toBe(0);
		} finally {
			transportSettings.idleTimeoutMs = idleTimeoutMs;
		}
	});

	test('binary streams and metadata read back from the filesystem store', async () => {
		const { run } = await runs.runExample('text-to-video.json');
		const [item]: INodeExecutionData[] = run.items('Finished MP4');
		const chunks: Buffer[] = [];
		for await (const chunk of await runs.engine.binaryStream(item.binary!.data))
			chunks.push(chunk as Buffer);
		expect(sha256(Buffer.concat(chunks))).toBe(await runs.sim.expectedSha256(String(item.json.id)));
	});
});
