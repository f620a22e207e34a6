import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { makePng } from '../../simulator/images';
import { SERVER_PROFILES, type ServerProfile } from '../../simulator';
import { eventLoopTurnsUntil } from '../support/event-loop';
import { createParameters, failureOf, runNode } from '../support/node-context';
import {
	clock,
	create,
	credentialsFor,
	expectNoKey,
	pngItem,
	run,
	sha256,
	simulator,
	useSimulators,
} from '../support/node-harness';

useSimulators();
describe.each(SERVER_PROFILES)('against the %s profile', (profile) => {
	it('creates, waits with download, gets and downloads the video', async () => {
		const sim = await simulator(profile);
		const job = await create(sim, profile);
		expect(job.id).toBeTruthy();
		expect(job.status).toMatch(/queued|in_progress/);

		const waited = await run(
			sim,
			{ operation: 'waitForCompletion', videoId: job.id, options: { download: true } },
			{ items: [{ json: job }] },
		);
		const done = waited.output[0];
		expect(done.json).toMatchObject({ id: job.id, status: 'completed', progress: 100 });
		expect(done.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		expect(done.binary?.data.fileName).toMatch(/\.mp4$/);
		expect(sha256(waited.fileOf(done))).toBe(await sim.expectedSha256(job.id));

		const got = await run(sim, { operation: 'get', videoId: job.id });
		expect(got.output[0].json).toMatchObject({ id: job.id, status: 'completed', seconds: '4' });

		const downloaded = await run(sim, {
			operation: 'download',
			videoId: job.id,
			variant: 'video',
			binaryPropertyName: 'movie',
		});
		expect(downloaded.output[0].binary?.movie.mimeType).toBe('video/mp4');
		expect(sha256(downloaded.fileOf(downloaded.output[0], 'movie'))).toBe(
			await sim.expectedSha256(job.id),
		);
		expectNoKey([waited.output, got.output, downloaded.output, waited.logs, waited.messages]);
	});
});

describe('operations that some servers lack', () => {
	it('lists with cursor pages (openai) and returns all or a limit', async () => {
		const sim = await simulator();
		for (let index = 0; index < 5; index++) await create(sim, 'openai', `prompt ${index}`);
		const all = await run(sim, {
			operation: 'getMany',
			returnAll: true,
			options: { order: 'asc' },
		});
		expect(all.output.map((item) => item.json.prompt)).toEqual([
			'prompt 0',
			'prompt 1',
			'prompt 2',
			'prompt 3',
			'prompt 4',
		]);
		const some = await run(sim, { operation: 'getMany', returnAll: false, limit: 2, options: {} });
		expect(some.output).toHaveLength(2);
		expect(
			some.output.every(
				(item) => item.pairedItem && (item.pairedItem as unknown as IDataObject).item === 0,
			),
		).toBe(true);
	});

	it('lists on LiteLLM with the provider hint from the credential, and explains the error without it', async () => {
		const sim = await simulator('litellm');
		await create(sim, 'litellm');
		const hinted = await runNode({
			credentials: credentialsFor(sim, { queryParameters: 'custom_llm_provider=openai' }),
			parameters: { operation: 'getMany', returnAll: true, options: {} },
		});
		expect(hinted.output).toHaveLength(1);
		await expect(
			run(sim, { operation: 'getMany', returnAll: true, options: {} }),
		).rejects.toMatchObject({
			description: expect.stringContaining('custom_llm_provider'),
		});
	});

	it('reports missing list and delete routes on new-api as unsupported', async () => {
		const sim = await simulator('newapi');
		const job = await create(sim, 'newapi');
		await expect(
			run(sim, { operation: 'getMany', returnAll: true, options: {} }),
		).rejects.toMatchObject({
			description: expect.stringContaining('new-api has no list route'),
		});
		await expect(run(sim, { operation: 'delete', videoId: job.id })).rejects.toMatchObject({
			description: expect.stringContaining('no delete route'),
		});
	});

	it("deletes a completed video (openai, bifrost) and explains LiteLLM's missing route", async () => {
		for (const profile of ['openai', 'bifrost'] as ServerProfile[]) {
			const sim = await simulator(profile);
			const job = await create(sim, profile);
			clock.advance(60000);
			const { output } = await run(sim, { operation: 'delete', videoId: job.id });
			expect(output[0].json).toMatchObject({ id: job.id, deleted: true });
		}
		const litellm = await simulator('litellm');
		const job = await create(litellm, 'litellm');
		clock.advance(60000);
		await expect(run(litellm, { operation: 'delete', videoId: job.id })).rejects.toMatchObject({
			message: expect.stringContaining('Delete of video'),
			description: expect.stringContaining('not supported'),
		});
	});

	it('remixes a completed video, and says when a server has no remix', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		clock.advance(60000);
		const { output } = await run(sim, {
			operation: 'remix',
			videoId: job.id,
			prompt: 'same, at night',
		});
		expect(output[0].json).toMatchObject({ remixed_from_video_id: job.id, status: 'queued' });

		const trt = await simulator('trt');
		const trtJob = await create(trt, 'trt');
		clock.advance(60000);
		await expect(
			run(trt, { operation: 'remix', videoId: trtJob.id, prompt: 'x' }),
		).rejects.toMatchObject({
			description: expect.stringContaining('Remix is not supported'),
		});
	});

	it('downloads the thumbnail and spritesheet with types from the bytes, and refuses an ignored variant', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		clock.advance(60000);
		const thumb = await run(sim, {
			operation: 'download',
			videoId: job.id,
			variant: 'thumbnail',
			binaryPropertyName: 'data',
		});
		expect(thumb.output[0].binary?.data).toMatchObject({
			mimeType: 'image/webp',
			fileName: `${job.id}.webp`,
		});
		const sprite = await run(sim, {
			operation: 'download',
			videoId: job.id,
			variant: 'spritesheet',
			binaryPropertyName: 'data',
		});
		expect(sprite.output[0].binary?.data).toMatchObject({
			mimeType: 'image/jpeg',
			fileName: `${job.id}.jpg`,
		});

		// A large video, so the server is still sending it when the node refuses it: the node closes the connection.
		const litellm = await simulator('litellm', { videoBytes: 32 * 1024 * 1024 });
		const litellmJob = await create(litellm, 'litellm');
		clock.advance(60000);
		await expect(
			run(litellm, {
				operation: 'download',
				videoId: litellmJob.id,
				variant: 'thumbnail',
				binaryPropertyName: 'data',
			}),
		).rejects.toMatchObject({
			message: expect.stringContaining('ignores the "thumbnail" variant'),
		});
		await eventLoopTurnsUntil(() => litellm.responsesInFlight() === 0);
		expect(litellm.responsesInFlight()).toBe(0);
		expect(
			litellm.log().find((entry) => entry.route === 'GET /videos/{id}/content')?.bytesSent,
		).toBeLessThan(32 * 1024 * 1024);
	});

	it('refuses to download an unfinished video, keeping its id and status with Continue On Fail', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const { output } = await run(
			sim,
			{ operation: 'download', videoId: job.id, variant: 'video', binaryPropertyName: 'data' },
			{ continueOnFail: true },
		);
		expect(output[0].json).toMatchObject({
			id: job.id,
			status: 'queued',
			error: expect.stringContaining('is not ready to download'),
		});
		expect(sim.count('GET /videos/{id}/content')).toBe(0);
	});

	it('sends a reference image from binary data as a multipart file part', async () => {
		const sim = await simulator('openai', { validateRequests: true });
		const { output } = await run(
			sim,
			{
				...createParameters,
				prompt: 'first frame given',
				options: { referenceImageBinaryProperty: 'image' },
			},
			{ items: [pngItem(makePng(720, 1280))] },
		);
		expect(output[0].json.status).toBe('queued');
		expect(sim.count('POST /videos')).toBe(1);
	});

	it('sends the reference image as a data: URL in a JSON body, in both JSON forms', async () => {
		const dataUrl = `data:image/png;base64,${makePng(1280, 720).toString('base64')}`;
		const openai = await simulator();
		const viaUrl = await run(openai, {
			operation: 'create',
			prompt: 'p',
			model: 'sora-2',
			seconds: '8',
			size: '1280x720',
			options: { referenceImageUrl: dataUrl },
		});
		expect(viaUrl.output[0].json.status).toBe('queued');
		const bifrost = await simulator('bifrost');
		const viaString = await run(bifrost, {
			operation: 'create',
			prompt: 'p',
			model: 'openai/sora-2',
			seconds: '8',
			size: '1280x720',
			options: { referenceImageUrl: dataUrl, referenceImageJsonForm: 'string' },
		});
		expect(viaString.output[0].json.id).toContain(':');
	});
});

describe('pre-flight checks send no request', () => {
	describe('every locally detectable mistake names the item and the field, and sends nothing', () => {
		const png = (width: number, height: number) => makePng(width, height);
		const corruptedPng = Buffer.concat([
			png(720, 1280).subarray(0, 16),
			Buffer.from('garbage, not an IHDR chunk'),
		]);
		const withImage = (bytes: Buffer) => [
			{ json: {}, binary: { image: { data: bytes.toString('base64'), mimeType: 'image/png' } } },
		];
		const create = (change: IDataObject) => ({
			operation: 'create',
			prompt: 'ok',
			model: 'sora-2',
			seconds: '4',
			size: '720x1280',
			options: {},
			...change,
		});
		const wait = (options: IDataObject, videoId = 'video_1') => ({
			operation: 'waitForCompletion',
			videoId,
			options,
		});
		const cases: Array<[string, IDataObject, string, RegExp, Buffer | null]> = [
			['create: an empty prompt', create({ prompt: '' }), 'Prompt', /the prompt is empty/, null],
			[
				'create: a prompt of 32001 characters',
				create({ prompt: 'x'.repeat(32001) }),
				'Prompt',
				/the prompt has 32001 characters; the limit is 32000/,
				null,
			],
			[
				'create: seconds that are not a number',
				create({ seconds: 'ten' }),
				'Seconds',
				/"ten" is not a duration in seconds/,
				null,
			],
			[
				'create: seconds sora-2 does not take',
				create({ seconds: '10' }),
				'Seconds',
				/sora-2 does not accept 10 seconds/,
				null,
			],
			[
				'create: a pro size on sora-2',
				create({ size: '1920x1080' }),
				'Size',
				/sora-2 does not support 1920x1080\. 1920x1080 needs sora-2-pro/,
				null,
			],
			[
				'create: a size that is not WxH',
				create({ size: 'big' }),
				'Size',
				/"big" is not a size/,
				null,
			],
			[
				'create: additional fields that are not JSON',
				create({ options: { additionalBodyFields: '{nope' } }),
				'Server: Extra Fields',
				/not valid JSON/,
				null,
			],
			[
				'create: additional fields that are not an object',
				create({ options: { additionalBodyFields: '[1]' } }),
				'Server: Extra Fields',
				/not a JSON object/,
				null,
			],
			[
				'create: a plain http reference URL',
				create({ options: { referenceImageUrl: 'http://example.com/a.png' } }),
				'Reference Image URL',
				/not an https or data: URL/,
				null,
			],
			[
				'create: a data: URL that is not base64',
				create({ options: { referenceImageUrl: 'data:image/png,abc' } }),
				'Reference Image URL',
				/not base64/,
				null,
			],
			[
				'create: both a reference property and a URL',
				create({
					options: {
						referenceImageBinaryProperty: 'image',
						referenceImageUrl: 'https://example.com/a.png',
					},
				}),
				'Reference Image URL',
				/both a binary property and a URL/,
				null,
			],
			[
				'create: a missing binary property',
				create({ options: { referenceImageBinaryProperty: 'photo' } }),
				'Reference Image Field',
				/no binary property "photo"/,
				png(720, 1280),
			],
			[
				'create: a binary that is not an image',
				create({ options: { referenceImageBinaryProperty: 'image' } }),
				'Reference Image Field',
				/not a readable JPEG, PNG or WebP/,
				Buffer.from('%PDF-1.4 not an image'),
			],
			[
				'create: a PNG with a corrupted header',
				create({ options: { referenceImageBinaryProperty: 'image' } }),
				'Reference Image Field',
				/not a readable JPEG, PNG or WebP/,
				corruptedPng,
			],
			[
				'create: an image of the wrong pixel size',
				create({ options: { referenceImageBinaryProperty: 'image' } }),
				'Reference Image Field',
				/1280x720 pixels but the video size is 720x1280/,
				png(1280, 720),
			],
			[
				'remix: an empty prompt',
				{ operation: 'remix', videoId: 'video_1', prompt: ' ' },
				'Prompt',
				/the prompt is empty/,
				null,
			],
			[
				'remix: an empty id',
				{ operation: 'remix', videoId: '', prompt: 'again' },
				'Video ID',
				/the video ID is empty/,
				null,
			],
			[
				'get: an id with "/"',
				{ operation: 'get', videoId: 'a/b' },
				'Video ID',
				/"a\/b" is not a usable video ID/,
				null,
			],
			[
				'get: the id ".."',
				{ operation: 'get', videoId: '..' },
				'Video ID',
				/not a usable video ID/,
				null,
			],
			[
				'delete: a whitespace id',
				{ operation: 'delete', videoId: '   ' },
				'Video ID',
				/the video ID is empty/,
				null,
			],
			[
				'download: an unknown variant (from an expression)',
				{
					operation: 'download',
					videoId: 'video_1',
					variant: 'poster',
					binaryPropertyName: 'data',
				},
				'Variant',
				/"poster" is not a variant/,
				null,
			],
			[
				'download: an empty output field',
				{ operation: 'download', videoId: 'video_1', variant: 'video', binaryPropertyName: ' ' },
				'Put Output File in Field',
				/the binary property name is empty/,
				null,
			],
			[
				'get many: a limit of 0',
				{ operation: 'getMany', returnAll: false, limit: 0, options: {} },
				'Limit',
				/0 is not a whole number from 1 to 10000/,
				null,
			],
			[
				'get many: a limit above 10000',
				{ operation: 'getMany', returnAll: false, limit: 10001, options: {} },
				'Limit',
				/10001 is not a whole number/,
				null,
			],
			[
				'get many: a fractional limit',
				{ operation: 'getMany', returnAll: false, limit: 2.5, options: {} },
				'Limit',
				/2.5 is not a whole number/,
				null,
			],
			['wait: an id with spaces', wait({}, 'video 1'), 'Video ID', /not a usable video ID/, null],
			[
				'wait: a negative max wait',
				wait({ maxWaitSeconds: -1 }),
				'Max Wait (Seconds)',
				/-1 is not a positive number of seconds/,
				null,
			],
			[
				'wait: a negative poll interval',
				wait({ pollIntervalSeconds: -5 }),
				'Poll Interval (Seconds)',
				/-5 is not a number of seconds/,
				null,
			],
			[
				'wait: an unknown timeout choice',
				wait({ onTimeout: 'explode' }),
				'On Timeout',
				/"explode" is not a choice/,
				null,
			],
			[
				'wait: an unknown download variant',
				wait({ download: true, variant: 'poster' }),
				'Variant',
				/"poster" is not a variant/,
				null,
			],
			[
				'wait: an empty download field',
				wait({ download: true, binaryPropertyName: '' }),
				'Put Output File in Field',
				/the binary property name is empty/,
				null,
			],
		];
		it.each(cases)('%s', async (_name, parameters, field, problem, image) => {
			const sim = await simulator();
			const failure = await failureOf(
				run(sim, parameters, image ? { items: withImage(image) } : {}),
			);
			expect(failure.message).toMatch(
				new RegExp(`^Item 0, field "${field.replace(/[()]/g, '\\$&')}": `),
			);
			expect(failure.message).toMatch(problem);
			expect(failure.description).toBeTruthy();
			expect(sim.log()).toHaveLength(0);
		});

		it('a Base URL without a scheme: says so, and nothing reaches the server it names', async () => {
			const sim = await simulator();
			const withoutScheme = sim.baseUrl.replace(/^http:\/\//, '');
			const failure = await failureOf(
				runNode({
					credentials: credentialsFor(sim, { baseUrl: withoutScheme }),
					parameters: { operation: 'get', videoId: 'video_1' },
				}),
			);
			expect(failure.message).toMatch(/The credential's Base URL ".*" is not an http\(s\) URL/);
			expect(sim.log()).toHaveLength(0);
		});
	});

	it('leaves seconds and size to the server when an expression gives an empty value', async () => {
		const sim = await simulator();
		const created = await run(sim, {
			operation: 'create',
			prompt: 'server defaults',
			model: 'sora-2',
			seconds: '',
			size: ' ',
			options: {},
		});
		expect(created.output[0].json).toMatchObject({
			status: 'queued',
			seconds: '4',
			size: '720x1280',
		});
		expect(sim.count('POST /videos')).toBe(1);
	});

	it('accepts a prompt of 32000 characters even when they are emoji (two UTF-16 units each)', async () => {
		const sim = await simulator();
		const created = await run(sim, {
			operation: 'create',
			prompt: '🎬'.repeat(32000),
			model: 'sora-2',
			seconds: '4',
			size: '720x1280',
			options: {},
		});
		expect(created.output[0].json.status).toBe('queued');
	});

	it("sends a gateway model's own duration and size as given", async () => {
		const sim = await simulator();
		const created = await run(sim, {
			operation: 'create',
			prompt: 'a wave',
			model: 'wan-2.2',
			seconds: '5',
			size: '1920x1080',
			options: {},
		});
		expect(created.output[0].json).toMatchObject({
			model: 'wan-2.2',
			seconds: '5',
			size: '1920x1080',
		});
	});

	it.each([
		['', /the video ID is empty/],
		['  ', /the video ID is empty/],
		['../videos', /not a usable video ID/],
		['..', /not a usable video ID/],
	])('rejects the video id %j', async (videoId, message) => {
		const sim = await simulator();
		for (const operation of ['get', 'delete', 'remix', 'waitForCompletion', 'download']) {
			await expect(
				run(sim, {
					operation,
					videoId,
					prompt: 'p',
					variant: 'video',
					binaryPropertyName: 'data',
					options: {},
				}),
			).rejects.toThrow(message);
		}
		expect(sim.log()).toHaveLength(0);
	});
});

describe('several items', () => {
	const prompts = ['one', 'two [moderation]', 'three'];
	const createParameters = (itemIndex: number) => ({
		operation: 'create',
		prompt: itemIndex === 1 ? '' : prompts[itemIndex],
		model: 'sora-2',
		seconds: '4',
		size: '720x1280',
		options: {},
	});

	it('keeps the other items with Continue On Fail, in input order with pairing', async () => {
		const sim = await simulator();
		const items = prompts.map((prompt) => ({ json: { prompt } }));
		const { output } = await run(sim, createParameters, { items, continueOnFail: true });
		expect(output).toHaveLength(3);
		expect(output.map((item) => (item.pairedItem as unknown as IDataObject).item)).toEqual([
			0, 1, 2,
		]);
		expect(output[1].json.error).toMatch(/Item 1, field "Prompt"/);
		expect(output[0].json.prompt).toBe('one');
		expect(output[2].json.prompt).toBe('three');
	});

	it('without Continue On Fail, a bad row fails the run before any job is started', async () => {
		const sim = await simulator();
		const items = prompts.map((prompt) => ({ json: { prompt } }));
		const failure = await failureOf(run(sim, createParameters, { items }));
		expect(failure.message).toMatch(/Item 1, field "Prompt"/);
		expect(sim.log()).toHaveLength(0);
		const remix = await failureOf(
			run(
				sim,
				(index) => ({
					operation: 'remix',
					videoId: 'video_1',
					prompt: index === 2 ? ' ' : 'again',
				}),
				{ items },
			),
		);
		expect(remix.message).toMatch(/Item 2, field "Prompt"/);
		expect(sim.log()).toHaveLength(0);
	});

	it('without Continue On Fail, a server refusal fails the run and names the jobs already started', async () => {
		const sim = await simulator();
		const items = prompts.map((prompt) => ({ json: { prompt } }));
		const refusedByServer = (itemIndex: number) => ({
			...createParameters(0),
			options: itemIndex === 1 ? { additionalBodyFields: '{"bogus": 1}' } : {},
		});
		const failure = await failureOf(run(sim, refusedByServer, { items }));
		expect(failure.message).toMatch(/Unknown parameter: 'bogus'/);
		expect(failure.description).toMatch(/Jobs already started for other items.*item 0: video_/);
	});

	it('waits for all items at once and reports a moderation failure on its own item', async () => {
		const sim = await simulator();
		const jobs: INodeExecutionData[] = [];
		for (const prompt of prompts) jobs.push({ json: await create(sim, 'openai', prompt) });
		const { output, messages } = await run(
			sim,
			(index) => ({ operation: 'waitForCompletion', videoId: jobs[index].json.id, options: {} }),
			{
				items: jobs,
				continueOnFail: true,
			},
		);
		expect(output.map((item) => item.json.status)).toEqual(['completed', 'failed', 'completed']);
		expect(output[1].json.error).toMatch(/moderation/i);
		expect((output[1].json.video as IDataObject).id).toBe(jobs[1].json.id);
		expect(messages.length).toBeGreaterThan(0);
		// One loop polls every job: far fewer status reads than one per job per second of render.
		expect(sim.count('GET /videos/{id}')).toBeLessThanOrEqual(3 * 8);
	});

	it('without Continue On Fail, stops waiting at the first failed job instead of waiting out the others', async () => {
		const sim = await simulator();
		const jobs: INodeExecutionData[] = [];
		for (const prompt of prompts) jobs.push({ json: await create(sim, 'openai', prompt) });
		sim.configure({ renderMs: 60 * 60_000 });
		const slow = { json: await create(sim, 'openai', 'a slow one') };
		const startedAt = clock.now();
		const failure = await failureOf(
			run(
				sim,
				(index) => ({
					operation: 'waitForCompletion',
					videoId: [...jobs, slow][index].json.id,
					options: {},
				}),
				{ items: [...jobs, slow] },
			),
		);
		expect(failure.message).toMatch(
			new RegExp(`Video ${String(jobs[1].json.id)} failed: .*moderation`),
		);
		expect(clock.now() - startedAt).toBeLessThan(5 * 60_000);
	});
});

describe('Wait for Completion', () => {
	it('fails on timeout with the id, last status and progress', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		await expect(
			run(sim, { operation: 'waitForCompletion', videoId: job.id, options: { maxWaitSeconds: 5 } }),
		).rejects.toThrow(
			new RegExp(
				`Video ${job.id} did not finish within 5 s \\(last status in_progress, progress \\d+%`,
			),
		);
	});

	it('returns the current job on timeout when asked', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const { output } = await run(sim, {
			operation: 'waitForCompletion',
			videoId: job.id,
			options: { maxWaitSeconds: 5, onTimeout: 'returnCurrent' },
		});
		expect(output[0].json).toMatchObject({
			id: job.id,
			status: 'in_progress',
			wait: { timed_out: true },
		});
	});

	it('uses a fixed poll interval when set, and the server hint otherwise', async () => {
		const sim = await simulator('openai', { pollAfterMs: 5000 });
		const job = await create(sim, 'openai');
		await run(sim, { operation: 'waitForCompletion', videoId: job.id, options: {} });
		expect(clock.sleeps.every((ms) => ms === 5000)).toBe(true);
		clock.sleeps.length = 0;
		const second = await create(sim, 'openai');
		await run(sim, {
			operation: 'waitForCompletion',
			videoId: second.id,
			options: { pollIntervalSeconds: 3 },
		});
		expect(clock.sleeps.every((ms) => ms === 3000)).toBe(true);
	});

	it('stops at once when the execution is cancelled: no request after the cancel', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const controller = new AbortController();
		let requestsAtCancel = -1;
		const realSleep = clock.sleep;
		let sleeps = 0;
		const { clock: nodeClock } = await import('../../nodes/SoraVideos/helpers/clock');
		nodeClock.sleep = async (ms, signal) => {
			if (++sleeps === 2) {
				requestsAtCancel = sim.log().length;
				controller.abort();
			}
			await realSleep(ms, signal);
		};
		await expect(
			run(
				sim,
				{ operation: 'waitForCompletion', videoId: job.id, options: {} },
				{ signal: controller.signal, continueOnFail: true },
			),
		).rejects.toThrow();
		expect(requestsAtCancel).toBeGreaterThan(0);
		expect(sim.log()).toHaveLength(requestsAtCancel);
	});
});
