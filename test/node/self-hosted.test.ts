// The node against self-hosted inference servers (vLLM-Omni, SGLang-Diffusion, TensorRT-LLM), as
// the simulator's vllm-omni, sglang and trt profiles reproduce them, and the credential's Server
// choice for what their answers cannot tell.
import type { IDataObject } from 'n8n-workflow';

import { getModels } from '../../nodes/SoraVideos/methods/loadOptions';
import { makePng, type ServerProfile, type Simulator } from '../../simulator';
import { DEFAULT_SERVED_MODEL } from '../../simulator/options';
import { failureOf, loadOptionsContext, runNode, type RunOptions } from '../support/node-context';
import { clock, KEY, pngItem, simulator, useSimulators } from '../support/node-harness';

const WAN = DEFAULT_SERVED_MODEL;

useSimulators();

const credentialsFor = (sim: Simulator, server?: string) => ({
	apiKey: KEY,
	baseUrl: sim.baseUrl,
	authHeader: 'bearer',
	...(server ? { server } : {}),
});

async function run(
	sim: Simulator,
	parameters: RunOptions['parameters'],
	server?: string,
	rest: Partial<RunOptions> = {},
) {
	return await runNode({ credentials: credentialsFor(sim, server), parameters, ...rest });
}

const createParameters = (change: IDataObject = {}) => ({
	operation: 'create',
	prompt: 'a lighthouse at dusk',
	model: WAN,
	seconds: '4',
	size: '832x480',
	options: {},
	...change,
});

async function create(sim: Simulator, change: IDataObject = {}, server?: string) {
	const { output } = await run(sim, createParameters(change), server);
	return output[0].json as IDataObject & { id: string };
}

describe('a failed job answered with an HTTP error (vLLM-Omni) is that job', () => {
	it.each([
		['a guardrail block (HTTP 400)', '[moderation]', 400, /blocked by our moderation system/],
		['an engine error (HTTP 500)', '[engine-error]', 500, /CUDA out of memory/],
	])(
		"%s: Get returns the failed video with the server's message, asked once",
		async (_name, marker, status, message) => {
			const sim = await simulator('vllm-omni');
			const job = await create(sim, { prompt: `a storm ${marker}` });
			clock.advance(5000);
			const { output } = await run(sim, { operation: 'get', videoId: job.id });
			expect(output[0].json).toMatchObject({
				id: job.id,
				status: 'failed',
				error: { code: String(status), message: expect.stringMatching(message) },
			});
			expect(
				sim
					.log()
					.filter((entry) => entry.route === 'GET /videos/{id}')
					.map((entry) => entry.status),
			).toEqual([status]);
		},
	);

	it("Wait for Completion fails the item with the server's reason, and Continue On Fail keeps the failed video", async () => {
		const sim = await simulator('vllm-omni');
		const job = await create(sim, { prompt: 'a storm [engine-error]' });
		const failure = await failureOf(
			run(sim, { operation: 'waitForCompletion', videoId: job.id, options: {} }),
		);
		expect(failure.message).toMatch(
			new RegExp(`Video ${job.id} failed: CUDA out of memory.*\\(code 500\\)`),
		);
		const kept = await run(
			sim,
			{ operation: 'waitForCompletion', videoId: job.id, options: {} },
			undefined,
			{ continueOnFail: true },
		);
		expect(kept.output[0].json).toMatchObject({
			id: job.id,
			status: 'failed',
			video: { status: 'failed' },
		});
		// One poll while it runs, then one 500 per run: a failed job's answer is never retried.
		expect(
			sim
				.log()
				.filter((entry) => entry.route === 'GET /videos/{id}')
				.map((entry) => entry.status),
		).toEqual([200, 500, 500]);
	});
});

describe('Get Many on lists without has_more', () => {
	async function createMany(sim: Simulator, count: number) {
		for (let index = 0; index < count; index++) await create(sim, { prompt: `prompt ${index}` });
	}

	it('SGLang (pages of {data, object}): Return All pages on with after = the last id and gets all 131 jobs once each', async () => {
		const sim = await simulator('sglang');
		await createMany(sim, 131);
		const { output, logs } = await run(sim, {
			operation: 'getMany',
			returnAll: true,
			options: { order: 'asc' },
		});
		expect(output.map((item) => item.json.id)).toEqual(
			sim
				.log()
				.filter((entry) => entry.route === 'POST /videos')
				.map((entry) => entry.videoId),
		);
		const lists = sim.log().filter((entry) => entry.route === 'GET /videos');
		// 100, then the short page of 31 ends it.
		expect(lists).toHaveLength(2);
		expect(new URL(lists[1].path, sim.baseUrl).searchParams.get('after')).toBe(output[99].json.id);
		expect(logs.filter((line) => line.startsWith('warn'))).toEqual([]);
	});

	it('SGLang: a limit above one page, and an exactly full last page followed by an empty one', async () => {
		const sim = await simulator('sglang');
		await createMany(sim, 200);
		const limited = await run(sim, {
			operation: 'getMany',
			returnAll: false,
			limit: 150,
			options: {},
		});
		expect(new Set(limited.output.map((item) => item.json.id)).size).toBe(150);
		const all = await run(sim, { operation: 'getMany', returnAll: true, options: {} });
		expect(new Set(all.output.map((item) => item.json.id)).size).toBe(200);
	});

	it('TensorRT-LLM (everything in one answer, no paging): every job once, the repeated page ends it quietly', async () => {
		const sim = await simulator('trt');
		await createMany(sim, 131);
		const { output, logs } = await run(sim, { operation: 'getMany', returnAll: true, options: {} });
		expect(new Set(output.map((item) => item.json.id)).size).toBe(131);
		expect(output).toHaveLength(131);
		expect(logs.filter((line) => line.startsWith('warn'))).toEqual([]);
	});
});

describe('image variants a server does not have', () => {
	it('SGLang answers 404 for a thumbnail: not retried, and the error says the server has no such variant', async () => {
		const sim = await simulator('sglang');
		const job = await create(sim);
		clock.advance(60000);
		const failure = await failureOf(
			run(sim, {
				operation: 'download',
				videoId: job.id,
				variant: 'thumbnail',
				binaryPropertyName: 'data',
			}),
		);
		expect(failure.message).toMatch(
			/This server has no "thumbnail" variant: it answered HTTP 404 \(Video variant thumbnail not found\)/,
		);
		expect(sim.count('GET /videos/{id}/content')).toBe(1);
		expect(clock.sleeps).toEqual([]);
	});

	it('vLLM-Omni and TensorRT-LLM ignore variant and send the MP4: refused as such', async () => {
		for (const profile of ['vllm-omni', 'trt'] as ServerProfile[]) {
			const sim = await simulator(profile);
			const job = await create(sim);
			clock.advance(60000);
			await expect(
				run(sim, {
					operation: 'download',
					videoId: job.id,
					variant: 'spritesheet',
					binaryPropertyName: 'data',
				}),
			).rejects.toMatchObject({
				message: expect.stringContaining('ignores the "spritesheet" variant'),
			});
		}
	});

	it('the video of a completed job still downloads on all three', async () => {
		for (const profile of ['vllm-omni', 'sglang', 'trt'] as ServerProfile[]) {
			const sim = await simulator(profile);
			const job = await create(sim);
			clock.advance(60000);
			const { output } = await run(sim, {
				operation: 'download',
				videoId: job.id,
				variant: 'video',
				binaryPropertyName: 'data',
			});
			expect(output[0].binary?.data.mimeType).toBe('video/mp4');
		}
	});
});

describe('reference images by URL go in the field each server reads', () => {
	const url = 'https://images.example.com/first-frame.png';
	it.each([
		['vllm-omni', 'vllmOmni', 'image_reference', 'multipart/form-data'],
		['sglang', 'sglang', 'reference_url', 'multipart/form-data'],
		['trt', 'tensorrtLlm', 'image_reference', 'multipart/form-data'],
		['openai', 'auto', 'input_reference', 'application/json'],
		['bifrost', 'bifrost', 'input_reference', 'application/json'],
	])('%s with Server %s: %s', async (profile, server, field, contentType) => {
		const sim = await simulator(profile as ServerProfile);
		const model = profile === 'bifrost' ? 'openai/sora-2' : profile === 'openai' ? 'sora-2' : WAN;
		const size = profile === 'openai' || profile === 'bifrost' ? '720x1280' : '832x480';
		const job = await create(sim, { model, size, options: { referenceImageUrl: url } }, server);
		expect(sim.referenceOf(job.id)).toEqual({ kind: 'image_url', field });
		expect(
			sim.log().find((entry) => entry.route === 'POST /videos')?.headers['content-type'],
		).toMatch(new RegExp(`^${contentType}`));
	});

	it('a binary reference image goes as the input_reference file on all three', async () => {
		for (const profile of ['vllm-omni', 'sglang', 'trt'] as ServerProfile[]) {
			const sim = await simulator(profile);
			const { output } = await run(
				sim,
				createParameters({ options: { referenceImageBinaryProperty: 'image' } }),
				undefined,
				{ items: [pngItem(makePng(832, 480))] },
			);
			expect(sim.referenceOf(String(output[0].json.id))).toEqual({
				kind: 'file',
				field: 'input_reference',
			});
		}
	});
});

describe("the credential's Server choice", () => {
	it('Bifrost: a JSON create without turning on Server: Send as JSON', async () => {
		const sim = await simulator('bifrost');
		const job = await create(sim, { model: 'openai/sora-2', size: '720x1280' }, 'bifrost');
		expect(job.id).toContain(':');
		expect(sim.log()[0].headers['content-type']).toMatch(/^application\/json/);
	});

	it('Server: Send as JSON still overrides it', async () => {
		const sim = await simulator('sglang');
		await create(sim, { options: { sendAsJson: true } }, 'sglang');
		expect(sim.log()[0].headers['content-type']).toMatch(/^application\/json/);
	});

	it('LiteLLM and Bifrost: Get Many adds the provider hint the list needs, unless the credential sets its own', async () => {
		const litellm = await simulator('litellm');
		await run(litellm, { operation: 'getMany', returnAll: true, options: {} }, 'litellm');
		expect(litellm.log()[0]).toMatchObject({
			status: 200,
			path: expect.stringContaining('custom_llm_provider=openai'),
		});
		const bifrost = await simulator('bifrost');
		await runNode({
			credentials: { ...credentialsFor(bifrost, 'bifrost'), queryParameters: 'provider=gemini' },
			parameters: { operation: 'getMany', returnAll: true, options: {} },
		});
		expect(bifrost.log()[0].path).toContain('provider=gemini');
		expect(bifrost.log()[0].path).not.toContain('provider=openai');
	});
});

describe('Model', () => {
	it('an empty Model is left out, and vLLM-Omni renders its own', async () => {
		const sim = await simulator('vllm-omni');
		const job = await create(sim, { model: '' });
		expect(job).toMatchObject({ model: WAN, status: 'queued' });
	});

	it('with Server vLLM-Omni, the default sora-2 is left out instead of being refused', async () => {
		const sim = await simulator('vllm-omni');
		const job = await create(sim, { model: 'sora-2' }, 'vllmOmni');
		expect(job.model).toBe(WAN);
	});

	it('"Model mismatch": the error names the models the server lists', async () => {
		const sim = await simulator('vllm-omni', { servedModel: 'Wan-AI/Wan2.1-T2V-1.3B-Diffusers' });
		const failure = await failureOf(
			run(sim, createParameters({ model: 'sora-2', size: '720x1280' })),
		);
		expect(failure.message).toMatch(
			/Create failed: Model mismatch: request specifies 'sora-2' but server is running 'Wan-AI\/Wan2.1-T2V-1.3B-Diffusers'/,
		);
		expect(failure.description).toMatch(
			/This server serves Wan-AI\/Wan2.1-T2V-1.3B-Diffusers: pick it as the Model, or leave Model empty/,
		);
		expect(sim.count('POST /videos')).toBe(1);
	});

	it("the dropdown lists the server's own models (GET {Base URL}/models), then the server's default", async () => {
		const sim = await simulator('vllm-omni');
		const options = await getModels.call(loadOptionsContext(credentialsFor(sim)));
		expect(options.map((option) => option.value)).toEqual([WAN, '']);
		const openai = await simulator('openai');
		const listed = (await getModels.call(loadOptionsContext(credentialsFor(openai)))).map(
			(option) => option.value,
		);
		expect(listed.slice(0, 2)).toEqual(['sora-2', 'sora-2-pro']);
		expect(openai.log()[0]).toMatchObject({
			route: 'GET /models',
			headers: { authorization: '[redacted]' },
		});
	});

	it('offers sora-2 and sora-2-pro when the server does not answer', async () => {
		const sim = await simulator('openai');
		const unreachable = { ...credentialsFor(sim), baseUrl: 'http://127.0.0.1:9/v1' };
		const wrongKey = { ...credentialsFor(sim), apiKey: 'sk-wrong' };
		for (const credentials of [unreachable, wrongKey]) {
			const options = await getModels.call(loadOptionsContext(credentials));
			expect(options.map((option) => option.value)).toEqual(['sora-2', 'sora-2-pro', '']);
		}
	});
});
