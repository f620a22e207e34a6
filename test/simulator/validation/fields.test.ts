import {
	form,
	type Refusal,
	testRefusals,
	testResponseSchemas,
	useValidatedServer,
	type JsonBody,
} from '../helpers';

// The checks of single create fields (simulator/validation/fields.ts): OpenAI's messages and codes.

const t = useValidatedServer();

const FIELD_CASES: Refusal[] = [
	[
		'missing prompt',
		{ model: 'sora-2' },
		'prompt',
		'missing_required_parameter',
		/Missing required parameter: 'prompt'/,
	],
	['empty prompt', { prompt: '' }, 'prompt', 'string_below_min_length', /minimum length 1/],
	[
		'prompt too long',
		{ prompt: 'x'.repeat(32001) },
		'prompt',
		'string_above_max_length',
		/got a string with length 32001/,
	],
	[
		'prompt too long in characters (emoji count once)',
		{ prompt: '🎬'.repeat(32001) },
		'prompt',
		'string_above_max_length',
		/got a string with length 32001/,
	],
	['prompt not a string', { prompt: 5 }, 'prompt', 'invalid_type', /Invalid type for 'prompt'/],
	[
		'integer seconds',
		{ prompt: 'p', seconds: 8 },
		'seconds',
		'invalid_type',
		/^Invalid type for 'seconds': expected one of '4', '8', '12', '16', or '20', but got an integer instead\.$/,
	],
	[
		'unknown seconds',
		{ prompt: 'p', seconds: '10' },
		'seconds',
		'invalid_value',
		/^Invalid value: '10'\. Supported values are: '4', '8', '12', '16', and '20'\.$/,
	],
	[
		'pro size on sora-2',
		{ prompt: 'p', size: '1792x1024' },
		'size',
		'invalid_value',
		/model 'sora-2'/,
	],
	[
		'1080p on sora-2',
		{ prompt: 'p', size: '1920x1080' },
		'size',
		'invalid_value',
		/Supported values/,
	],
	[
		'size not WxH on a gateway model',
		{ prompt: 'p', model: 'wan-2.2', size: 'big' },
		'size',
		'invalid_value',
		/WIDTHxHEIGHT/,
	],
	[
		'unknown parameter',
		{ prompt: 'p', duration: 8 },
		'duration',
		'unknown_parameter',
		/Unknown parameter: 'duration'/,
	],
];

testRefusals(t, FIELD_CASES);

test('accepted: 16/20 seconds, pro sizes on sora-2-pro, any WxH on an unknown model', async () => {
	for (const body of [
		{ prompt: 'p', seconds: '20' },
		{ prompt: 'p', model: 'sora-2-pro', size: '1080x1920', seconds: '16' },
		{ prompt: 'p', model: 'wan-2.2-t2v', size: '832x480' },
		// A known field (casting real characters: routes/characters.test.ts).
		{ prompt: 'p', characters: [] },
	]) {
		const res = await t.json('/videos', { method: 'POST', json: body });
		expect([res.status, res.body.size]).toEqual([200, (body as JsonBody).size ?? '720x1280']);
	}
});

test('a gateway model takes any whole number of seconds as a string; OpenAI models stay strict', async () => {
	for (const seconds of ['5', '6', '10', '30']) {
		const res = await t.json('/videos', {
			method: 'POST',
			json: { prompt: 'p', model: 'wan-2.2-t2v', size: '832x480', seconds },
		});
		expect([res.status, res.body.seconds]).toEqual([200, seconds]);
	}
	const multipart = await t.json('/videos', {
		method: 'POST',
		body: form({ prompt: 'p', model: 'veo-3.1-fast', seconds: '6' }),
	});
	expect([multipart.status, multipart.body.seconds]).toEqual([200, '6']);
	const integer = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', model: 'wan-2.2-t2v', seconds: 6 },
	});
	expect([integer.status, integer.body.error.code, integer.body.error.param]).toEqual([
		400,
		'invalid_type',
		'seconds',
	]);
	expect(integer.body.error.message).toBe(
		"Invalid type for 'seconds': expected a string, but got an integer instead.",
	);
	for (const seconds of ['0', '5.5', '-4', 'five', '']) {
		const res = await t.json('/videos', {
			method: 'POST',
			json: { prompt: 'p', model: 'wan-2.2-t2v', seconds },
		});
		expect([res.status, res.body.error.code, res.body.error.param]).toEqual([
			400,
			'invalid_value',
			'seconds',
		]);
		expect(res.body.error.message).toBe(
			`Invalid value: '${seconds}'. Expected a whole number of seconds, e.g. '5'.`,
		);
	}
	for (const model of ['sora-2-pro', 'sora-2-2025-12-08']) {
		const res = await t.json('/videos', {
			method: 'POST',
			json: { prompt: 'p', model, seconds: '10' },
		});
		expect([res.status, res.body.error.code]).toEqual([400, 'invalid_value']);
	}
});

testResponseSchemas(t);
