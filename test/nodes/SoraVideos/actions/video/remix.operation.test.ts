import { jsonAnswer as json, useLocalServers } from '../../../../support/local-server';
import { failureOf } from '../../../../support/node-context';
import {
	clock,
	create,
	run,
	runAt,
	simulator,
	useSimulators,
} from '../../../../support/node-harness';
import { itRefusesBeforeSending } from '../../../../support/preflight';

// Remix: a new job from a completed one; what a server without remix answers, and the inputs
// refused before anything is sent.

useSimulators();
const { serve } = useLocalServers();

describe('Remix refused', () => {
	const remix = { operation: 'remix', videoId: 'v1', prompt: 'same, at night' };
	const remixHint =
		'Remix is not supported for this model or server (LiteLLM remixes only OpenAI/Azure models; TensorRT-LLM has no remix), or the video does not exist.';

	it.each([
		['a 404', 404, { error: { message: 'Not found' } }],
		['a 400 that says "not supported"', 400, { error: { message: 'Remix not supported for wan' } }],
	])('%s says the server or model has no remix', async (_case, status, body) => {
		const server = await serve(() => json(status, body));
		const failure = await failureOf(runAt(server.baseUrl, remix));
		expect(failure.message).toBe(`Remix of video v1 failed: ${body.error.message}`);
		expect(failure.description).toBe(
			`${remixHint} HTTP ${status}. Server said: ${JSON.stringify(body)}`,
		);
		expect(server.seen.map((entry) => `${entry.method} ${entry.url.pathname}`)).toEqual([
			'POST /v1/videos/v1/remix',
		]);
	});

	it('a 400 about something else does not say remix is unsupported', async () => {
		const body = { error: { message: 'The video is not completed yet' } };
		const server = await serve(() => json(400, body));
		const failure = await failureOf(runAt(server.baseUrl, remix));
		expect(failure.message).toBe('Remix of video v1 failed: The video is not completed yet');
		expect(failure.description).toBe(`HTTP 400. Server said: ${JSON.stringify(body)}`);
	});
});

describe('operations that some servers lack', () => {
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
});

describe('pre-flight checks send no request', () => {
	describe('every locally detectable mistake names the item and the field, and sends nothing', () => {
		itRefusesBeforeSending([
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
		]);
	});
});
