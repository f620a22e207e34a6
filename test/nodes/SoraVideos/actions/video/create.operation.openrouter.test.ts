import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { makePng, type Simulator } from '../../../../../simulator';
import { failureOf, runNode } from '../../../../support/node-context';
import {
	credentialsFor,
	expectNoKey,
	pngItem,
	simulator,
	useSimulators,
	veoParameters,
} from '../../../../support/node-harness';

// Create with the credential's Server set to OpenRouter (docs/protocol.md rule 39): OpenRouter's
// own body, checked against what its /videos/models lists for the model before anything is sent.

useSimulators();

const veo = veoParameters;

async function createOn(
	sim: Simulator,
	parameters: IDataObject,
	items?: INodeExecutionData[],
	continueOnFail = false,
) {
	return await runNode({
		credentials: credentialsFor(sim, { server: 'openRouter' }),
		parameters: { ...veo, ...parameters },
		items,
		continueOnFail,
	});
}

/** The run's failure, after checking that no job was asked for. */
async function refusal(sim: Simulator, parameters: IDataObject, items?: INodeExecutionData[]) {
	const error = await failureOf(createOn(sim, parameters, items));
	expect(sim.count('POST /videos')).toBe(0);
	return error;
}

it('sends OpenRouter’s fields only: duration a number, the size as aspect ratio and resolution', async () => {
	const sim = await simulator('openrouter');
	const { output } = await createOn(sim, {});
	const [job] = output.map((item) => item.json);
	expect(job).toMatchObject({
		status: 'queued',
		server_values: { status: 'pending' },
		polling_url: `/api/v1/videos/${String(job.id)}`,
	});
	expect(sim.createdWith(String(job.id))).toEqual({
		fields: ['model', 'prompt', 'duration', 'aspect_ratio', 'resolution'],
		frames: [],
	});
	expect(sim.log().map((entry) => entry.route)).toEqual(['GET /videos/models', 'POST /videos']);
});

it('sends the exact size where the model lists it', async () => {
	const sim = await simulator('openrouter');
	const { output } = await createOn(sim, { model: 'openai/sora-2-pro', size: '1792x1024' });
	expect(sim.createdWith(String(output[0].json.id))?.fields).toEqual([
		'model',
		'prompt',
		'duration',
		'size',
	]);
});

it.each([
	[
		'a duration',
		{ seconds: '5' },
		'Seconds',
		'google/veo-3.1 does not support 5 seconds',
		'It supports 4, 6, 8 seconds.',
	],
	[
		'an aspect ratio',
		{ size: '1024x1792' },
		'Size',
		'does not support the aspect ratio 4:7 (1024x1792)',
		'It supports the aspect ratios 16:9, 9:16.',
	],
	[
		'a resolution',
		{ size: '2560x1440' },
		'Size',
		'does not support the resolution 1440p (2560x1440)',
		'It supports the resolutions 720p, 1080p',
	],
	[
		'a last frame',
		{ model: 'openai/sora-2-pro', options: { lastFrameImageUrl: 'https://example.com/l.png' } },
		'Last Frame Image URL',
		'openai/sora-2-pro takes no last frame',
		'It takes first frame.',
	],
	[
		'sound',
		{ model: 'alibaba/wan-2.6', seconds: '5', options: { generateAudio: true } },
		'Generate Audio',
		'alibaba/wan-2.6 makes no sound',
		'Remove the Generate Audio option',
	],
])(
	'refuses %s the model does not support before sending, naming what it supports',
	async (_what, parameters, field, problem, supported) => {
		const sim = await simulator('openrouter');
		const error = await refusal(sim, parameters);
		expect(error.message).toContain(`field "${field}"`);
		expect(error.message).toContain(problem);
		expect(error.description).toContain(supported);
	},
);

it('refuses a model OpenRouter does not list, and an empty one, naming the models it lists', async () => {
	const sim = await simulator('openrouter');
	const unknown = await refusal(sim, { model: 'sora-2' });
	expect(unknown.message).toBe('Item 0, field "Model": OpenRouter lists no video model "sora-2"');
	expect(unknown.description).toContain('google/veo-3.1, openai/sora-2-pro, alibaba/wan-2.6');
	const empty = await refusal(sim, { model: '' });
	expect(empty.message).toContain('OpenRouter needs a model');
});

it('checks every item before any is sent, reading the model list once', async () => {
	const sim = await simulator('openrouter');
	const error = await failureOf(
		runNode({
			credentials: credentialsFor(sim, { server: 'openRouter' }),
			parameters: (itemIndex) => ({ ...veo, seconds: itemIndex === 2 ? '7' : '8' }),
			items: [{ json: {} }, { json: {} }, { json: {} }],
		}),
	);
	expect(error.message).toMatch(/^Item 2, field "Seconds"/);
	expect(sim.count('POST /videos')).toBe(0);
	expect(sim.count('GET /videos/models')).toBe(1);
});

it('the reference image is the first frame (a binary one as a data: URL), the last-frame options the last', async () => {
	const sim = await simulator('openrouter');
	const items = [pngItem(makePng(640, 360))];
	const { output } = await createOn(
		sim,
		{
			options: {
				referenceImageBinaryProperty: 'image',
				lastFrameImageUrl: 'https://example.com/end.png',
			},
		},
		items,
	);
	const id = String(output[0].json.id);
	expect(sim.createdWith(id)?.frames).toEqual(['first_frame', 'last_frame']);
	expect(sim.referenceOf(id)).toEqual({ kind: 'image_url', field: 'frame_images' });
	const lastBinary = await createOn(
		sim,
		{ options: { lastFrameImageBinaryProperty: 'image' } },
		items,
	);
	expect(sim.createdWith(String(lastBinary.output[0].json.id))?.frames).toEqual(['last_frame']);
});

it('refuses a last frame given twice, and one that is no image', async () => {
	const sim = await simulator('openrouter');
	const twice = await refusal(
		sim,
		{
			options: {
				lastFrameImageBinaryProperty: 'image',
				lastFrameImageUrl: 'https://example.com/l.png',
			},
		},
		[pngItem(makePng(64, 64))],
	);
	expect(twice.message).toContain('both a binary property and a URL are set for the last frame');
	const notImage = await refusal(sim, {
		options: { lastFrameImageUrl: 'data:image/png;base64,AAAA' },
	});
	expect(notImage.message).toContain('field "Last Frame Image URL"');
});

it('Generate Audio goes as generate_audio; Server: Extra Fields are merged (seed, provider, callback_url)', async () => {
	const sim = await simulator('openrouter');
	const extra = {
		seed: 42,
		provider: { only: ['google-vertex'] },
		callback_url: 'https://example.com/video-done',
	};
	const { output } = await createOn(sim, {
		options: { generateAudio: false, additionalBodyFields: JSON.stringify(extra) },
	});
	const id = String(output[0].json.id);
	expect(sim.createdWith(id)?.fields).toEqual([
		'seed',
		'provider',
		'callback_url',
		'model',
		'prompt',
		'duration',
		'aspect_ratio',
		'resolution',
		'generate_audio',
	]);
	expect(output[0].json).not.toHaveProperty('callback_url');
	expectNoKey(output);
});

it('on any other server, the last frame and the sound choice are refused before sending', async () => {
	const sim = await simulator('openai');
	for (const options of [
		{ lastFrameImageUrl: 'https://example.com/l.png' },
		{ generateAudio: true },
	]) {
		const error = await failureOf(
			runNode({
				credentials: credentialsFor(sim),
				parameters: { ...veo, model: 'sora-2', seconds: '4', size: '720x1280', options },
			}),
		);
		expect(error.message).toMatch(/This server (takes no last frame|offers no choice of sound)/);
		expect(error.description).toContain("Set the credential's Server to OpenRouter");
	}
	expect(sim.log()).toEqual([]);
});
