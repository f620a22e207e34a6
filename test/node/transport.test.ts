import type { INodeExecutionData } from 'n8n-workflow';

import { transportSettings } from '../../nodes/SoraVideos/transport';
import type { ServerProfile, Simulator, SimulatorOptions } from '../../simulator';
import { eventLoopTurnsUntil } from '../support/event-loop';
import { createParameters, failureOf, runNode } from '../support/node-context';
import {
	clock,
	create,
	credentialsFor,
	expectNoKey,
	run,
	sha256,
	simulator,
	useSimulators,
} from '../support/node-harness';

// The transport through the node: retries, URLs, headers, secrets, redirects, bodies, download
// sources.
useSimulators();

const downloadParameters = (videoId: string) => ({
	operation: 'download',
	videoId,
	variant: 'video',
	binaryPropertyName: 'data',
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

	it('encodes opaque ids (base64 with "=", "provider:id") as one path segment', async () => {
		for (const profile of ['litellm', 'bifrost', 'reseller-json-content'] as ServerProfile[]) {
			const sim = await simulator(profile);
			const job = await create(sim, profile);
			const { output } = await run(sim, { operation: 'get', videoId: job.id });
			expect(output[0].json.id).toBe(job.id);
			const path = sim.log().filter((entry) => entry.route === 'GET /videos/{id}')[0].path;
			expect(path).toContain(encodeURIComponent(job.id));
		}
	});

	it('works with a base URL with or without a trailing slash', async () => {
		const sim = await simulator();
		for (const baseUrl of [sim.baseUrl, `${sim.baseUrl}/`, `${sim.baseUrl}//`]) {
			const { output } = await runNode({
				credentials: credentialsFor(sim, { baseUrl }),
				parameters: { operation: 'getMany', returnAll: true, options: {} },
			});
			expect(output).toHaveLength(0);
		}
	});

	it('says the Base URL is wrong when new-api answers with its web page (Base URL without /v1)', async () => {
		const sim = await simulator('newapi');
		const credentials = credentialsFor(sim, { baseUrl: sim.baseUrl.replace(/\/v1$/, '') });
		const got = await failureOf(
			runNode({ credentials, parameters: { operation: 'get', videoId: 'task_1' } }),
		);
		expect(got.message).toMatch(/Get video task_1 failed: the server's answer is not JSON/);
		expect(got.description).toMatch(/wrong Base URL/);
		const created = await failureOf(runNode({ credentials, parameters: createParameters }));
		expect(created.description).toMatch(/wrong Base URL/);
		expect(sim.log().filter((entry) => entry.route === 'POST /videos')).toHaveLength(0);
	});

	it("works with LiteLLM's routes at the root (a Base URL without /v1)", async () => {
		const sim = await simulator('litellm');
		const credentials = credentialsFor(sim, { baseUrl: sim.baseUrl.replace(/\/v1$/, '') });
		const created = await runNode({
			credentials,
			parameters: createParameters,
		});
		clock.advance(60000);
		const got = await runNode({
			credentials,
			parameters: { operation: 'get', videoId: created.output[0].json.id },
		});
		expect(got.output[0].json.status).toBe('completed');
	});

	it("sends Azure's api-key header, a custom header, and the organisation and project headers", async () => {
		const sim = await simulator();
		await runNode({
			credentials: credentialsFor(sim, {
				authHeader: 'apiKey',
				organizationId: 'org-1',
				projectId: 'proj-1',
			}),
			parameters: { operation: 'getMany', returnAll: true, options: {} },
		});
		const headers = sim.log()[0].headers;
		expect(headers['api-key']).toBe('[redacted]');
		expect(headers.authorization).toBeUndefined();
		expect(headers['openai-organization']).toBe('org-1');
		expect(headers['openai-project']).toBe('proj-1');

		const litellm = await simulator('litellm');
		await runNode({
			credentials: credentialsFor(litellm, {
				authHeader: 'custom',
				headerName: 'x-litellm-api-key',
			}),
			parameters: { operation: 'get', videoId: 'video_missing' },
		}).catch(() => undefined);
		expect(litellm.log()[0].headers['x-litellm-api-key']).toBe('[redacted]');
		expect(litellm.log()[0].status).not.toBe(401);
	});

	it('never puts the key in errors, and explains a retired endpoint', async () => {
		const sim = await simulator('openai', { retired: '410' });
		const failure = await failureOf(run(sim, createParameters));
		expect(failure.description).toMatch(/retired.*2026-09-24/);
		expectNoKey({ message: failure.message, description: failure.description });
		const wrongKey = await failureOf(
			runNode({
				credentials: credentialsFor(sim, { apiKey: 'sk-wrong-key-1234' }),
				parameters: { operation: 'get', videoId: 'video_1' },
			}),
		);
		expect(wrongKey.message).toMatch(/Get video video_1 failed/);
		expect(JSON.stringify({ m: wrongKey.message, d: wrongKey.description })).not.toContain(
			'sk-wrong-key-1234',
		);
	});

	/** Creates a job on `sim`, lets it finish and downloads its video, which must arrive whole. */
	async function downloadFinishedVideo(sim: Simulator, profile: ServerProfile = 'openai') {
		const job = await create(sim, profile);
		clock.advance(60000);
		const downloaded = await run(sim, downloadParameters(job.id));
		expect(sha256(downloaded.fileOf(downloaded.output[0]))).toBe(await sim.expectedSha256(job.id));
		return downloaded;
	}

	it('follows a content redirect to another origin without sending the key', async () => {
		const sim = await simulator('openai', { contentRedirect: true });
		await downloadFinishedVideo(sim);
		const fileRequests = sim.log().filter((entry) => entry.origin === 'files');
		expect(fileRequests.length).toBeGreaterThan(0);
		for (const entry of fileRequests) {
			expect(entry.headers.authorization).toBeUndefined();
			expect(entry.headers['api-key']).toBeUndefined();
		}
	});

	/** The first body the simulator sends stalls for `stallMs`; the ones after it flow. */
	const oneStall = (stallMs: number): Partial<SimulatorOptions> => ({
		faultRate: 1,
		faultKinds: ['stall'],
		maxConsecutiveFaults: 1,
		stallMs,
	});

	it('detects a stalled body and retries it', async () => {
		transportSettings.idleTimeoutMs = 200;
		try {
			const downloaded = await downloadFinishedVideo(await simulator('openai', oneStall(5000)));
			expect(downloaded.logs.some((line) => /retrying/.test(line))).toBe(true);
		} finally {
			transportSettings.idleTimeoutMs = 60000;
		}
	});

	it('closes the connection of a body it gives up on, without waiting for the server to end it', async () => {
		transportSettings.idleTimeoutMs = 200;
		try {
			const sim = await simulator('openai', oneStall(10 * 60_000));
			await downloadFinishedVideo(sim);
			expect(sim.log().filter((entry) => entry.fault === 'stall').length).toBeGreaterThan(0);
			await eventLoopTurnsUntil(() => sim.responsesInFlight() === 0);
			expect(sim.responsesInFlight()).toBe(0);
		} finally {
			transportSettings.idleTimeoutMs = 60000;
		}
	});

	it("when /content has nothing for a completed job: tries twice more, then the job's own URL (new-api, Bifrost)", async () => {
		for (const profile of ['newapi', 'bifrost'] as ServerProfile[]) {
			const sim = await simulator(profile, { contentFailures: -1 });
			await downloadFinishedVideo(sim, profile);
			expect(sim.count('GET /videos/{id}/content')).toBe(3);
			const fileRequests = sim.log().filter((entry) => entry.origin === 'files');
			expect(fileRequests).toHaveLength(1);
			expect(fileRequests[0].headers.authorization).toBeUndefined();
		}
	});

	it("when /content is late for a completed job: a retry gets it; with no URL to fall back on, the server's error", async () => {
		const late = await simulator('openai', { contentFailures: 2 });
		await downloadFinishedVideo(late);
		expect(late.count('GET /videos/{id}/content')).toBe(3);

		const never = await simulator('openai', { contentFailures: -1 });
		const stuck = await create(never, 'openai');
		clock.advance(60000);
		await expect(run(never, downloadParameters(stuck.id))).rejects.toMatchObject({
			message: expect.stringContaining('not ready yet'),
		});
		expect(never.count('GET /videos/{id}/content')).toBe(3);
	});
});
