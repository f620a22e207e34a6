import {
	isOpenAiModel,
	SERVER_TRAITS,
	serverKind,
	videoModelsFirst,
} from '../../../../nodes/SoraVideos/helpers/servers';

// What the credential's Server choice changes in requests (README, "Credentials"), which model
// names are OpenAI's own, and which of a server's models the Model list puts first.

describe("the credential's Server choice", () => {
	it.each(['auto', 'litellm', 'newApi', 'bifrost', 'vllmOmni', 'sglang', 'tensorrtLlm'])(
		'%s is read as itself',
		(value) => {
			expect(serverKind(value)).toBe(value);
		},
	);

	it.each([undefined, null, '', 'vllm', 'toString', 'constructor', 7])(
		'%p (missing, unknown or from an old workflow) is any OpenAI-compatible server',
		(value) => {
			expect(serverKind(value)).toBe('auto');
		},
	);

	it('only Bifrost and OpenRouter take JSON creates; only vLLM-Omni refuses OpenAI model names', () => {
		const kinds = Object.keys(SERVER_TRAITS) as Array<keyof typeof SERVER_TRAITS>;
		expect(kinds.filter((kind) => SERVER_TRAITS[kind].json)).toEqual(['bifrost', 'openRouter']);
		expect(kinds.filter((kind) => SERVER_TRAITS[kind].refusesOpenAiModels)).toEqual(['vllmOmni']);
	});

	it('a reference image URL goes in the field, and the form, each server reads', () => {
		const references = Object.fromEntries(
			Object.entries(SERVER_TRAITS).map(([kind, traits]) => [kind, traits.urlReference]),
		);
		expect(references).toEqual({
			auto: { field: 'input_reference', form: 'object', needsJson: true },
			litellm: { field: 'input_reference', form: 'object', needsJson: true },
			newApi: { field: 'input_reference', form: 'string', needsJson: true },
			bifrost: { field: 'input_reference', form: 'string', needsJson: true },
			vllmOmni: { field: 'image_reference', form: 'jsonString', needsJson: false },
			sglang: { field: 'reference_url', form: 'string', needsJson: false },
			tensorrtLlm: { field: 'image_reference', form: 'string', needsJson: false },
			openRouter: { field: 'input_reference', form: 'object', needsJson: true },
		});
	});

	it('Get Many asks LiteLLM and Bifrost for the OpenAI provider; the others need nothing', () => {
		const queries = Object.fromEntries(
			Object.entries(SERVER_TRAITS).map(([kind, traits]) => [kind, traits.listQuery]),
		);
		expect(queries).toEqual({
			auto: {},
			litellm: { custom_llm_provider: 'openai' },
			newApi: {},
			bifrost: { provider: 'openai' },
			vllmOmni: {},
			sglang: {},
			tensorrtLlm: {},
			openRouter: {},
		});
	});
});

describe("OpenAI's own model names", () => {
	it.each(['sora-2', 'sora-2-pro', 'sora-2-2025-10-06', 'sora-2-pro-2025-10-06'])(
		"%s is OpenAI's",
		(model) => {
			expect(isOpenAiModel(model)).toBe(true);
		},
	);

	it.each([
		'',
		'sora',
		'sora-3',
		'openai/sora-2',
		'sora-2-turbo',
		'sora-2-pro-2025',
		'my-sora-2',
		'sora-2 ',
	])('%p is not', (model) => {
		expect(isOpenAiModel(model)).toBe(false);
	});
});

describe('the Model list puts video models first', () => {
	it.each([
		'Wan-AI/Wan2.2-T2V-A14B-Diffusers',
		'wan2.1',
		'text-to-video-x',
		'sora-2',
		'veo-3',
		'i2v-model',
		'kling-v2',
		'seedance-1',
		'hailuo-02',
		'runway-gen4',
		'Lightricks/LTX-Video',
		'ltx-2',
		'HunyuanVideo',
		'CogVideoX-5b',
		'mochi-1',
		'pika-2',
		'luma-ray',
		'vidu-q1',
		'pixverse-v4',
		'SkyReels-V2',
	])('%s is a video model', (id) => {
		expect(videoModelsFirst(['gpt-4o', id])).toEqual([id, 'gpt-4o']);
	});

	it.each(['gpt-4o', 'swan-embed', 'altx-1', 'dall-e-3'])('%s is not', (id) => {
		expect(videoModelsFirst([id, 'sora-2'])).toEqual(['sora-2', id]);
	});

	it("puts video models first where their names tell, keeping the server's order", () => {
		expect(
			videoModelsFirst([
				'gpt-4o',
				'Wan-AI/Wan2.2-T2V-A14B-Diffusers',
				'text-embedding-3',
				'veo-3.1',
				'sora-2',
				'llama-3',
			]),
		).toEqual([
			'Wan-AI/Wan2.2-T2V-A14B-Diffusers',
			'veo-3.1',
			'sora-2',
			'gpt-4o',
			'text-embedding-3',
			'llama-3',
		]);
	});
});
