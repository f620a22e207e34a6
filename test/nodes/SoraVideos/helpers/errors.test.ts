import { parseErrorBody, redact, snippet } from '../../../../nodes/SoraVideos/helpers/errors';

// Error bodies as each server family writes them, reduced to what a user reads; the key never in
// what they read; long bodies cut to a readable snippet.

const none = { message: null, code: null, type: null, param: null };

describe('error bodies', () => {
	it('parses the five error body shapes', () => {
		expect(parseErrorBody({ error: { message: 'm', type: 't', param: 'p', code: 'c' } })).toEqual({
			message: 'm',
			type: 't',
			param: 'p',
			code: 'c',
		});
		expect(parseErrorBody({ error: 'plain' }).message).toBe('plain');
		expect(
			parseErrorBody({ code: 'task_not_exist', message: 'task_not_exist', data: null }),
		).toMatchObject({ message: 'task_not_exist', code: 'task_not_exist' });
		expect(parseErrorBody({ detail: 'Method Not Allowed' }).message).toBe('Method Not Allowed');
		expect(parseErrorBody({ detail: { message: 'nested' } }).message).toBe('nested');
		expect(parseErrorBody({ msg: 'reseller', code: 500 })).toMatchObject({
			message: 'reseller',
			code: '500',
		});
		expect(parseErrorBody({ error: { message: 'x', type: 'None', code: '400' } }).type).toBeNull();
	});

	it('OpenAI, LiteLLM and Azure: {error: {message, type, param, code}}, numbers and objects as text', () => {
		expect(
			parseErrorBody({
				error: { message: 'Bad size', type: 'invalid_request_error', param: 'size', code: 400 },
			}),
		).toEqual({ message: 'Bad size', type: 'invalid_request_error', param: 'size', code: '400' });
		expect(parseErrorBody({ error: { message: { text: 'x' } } }).message).toBe('{"text":"x"}');
	});

	it('empty, null, missing and Python\'s "None" fields read as none', () => {
		expect(parseErrorBody({ error: { message: '', type: 'None', param: null } })).toEqual(none);
		expect(parseErrorBody({ error: { code: 0 } }).code).toBe('0');
		expect(parseErrorBody({ error: { code: false } }).code).toBe('false');
	});

	it('{error: "text", code}', () => {
		expect(parseErrorBody({ error: 'quota exceeded', code: 'quota' })).toEqual({
			...none,
			message: 'quota exceeded',
			code: 'quota',
		});
	});

	it('new-api tasks: {message, code}', () => {
		expect(
			parseErrorBody({ message: 'task_not_exist', code: 'task_not_exist', data: null }),
		).toEqual({
			...none,
			message: 'task_not_exist',
			code: 'task_not_exist',
		});
	});

	it('FastAPI: {detail} as text, as an object with a message, or as a list of problems', () => {
		expect(parseErrorBody({ detail: 'Not Found' })).toEqual({ ...none, message: 'Not Found' });
		expect(parseErrorBody({ detail: { message: 'Model mismatch', code: 1 } })).toEqual({
			...none,
			message: 'Model mismatch',
		});
		const problems = [{ loc: ['body', 'prompt'], msg: 'field required' }];
		expect(parseErrorBody({ detail: problems })).toEqual({
			...none,
			message: JSON.stringify(problems),
		});
		expect(parseErrorBody({ detail: null })).toEqual(none);
	});

	it('resellers: {msg, code}', () => {
		expect(parseErrorBody({ msg: 'insufficient balance', code: 402 })).toEqual({
			...none,
			message: 'insufficient balance',
			code: '402',
		});
	});

	it('the first shape that fits wins: error, then message, then detail, then msg', () => {
		expect(parseErrorBody({ error: 'e', message: 'm', detail: 'd', msg: 's' }).message).toBe('e');
		expect(parseErrorBody({ message: 'm', detail: 'd', msg: 's' }).message).toBe('m');
		expect(parseErrorBody({ detail: 'd', msg: 's' }).message).toBe('d');
		expect(parseErrorBody({ error: null, message: 7, msg: 's' }).message).toBe('s');
	});

	it.each([
		['no body', undefined],
		['null', null],
		['a text body', 'Internal Server Error'],
		['a number', 502],
		['a job object', { id: 'v1', object: 'video', status: 'queued' }],
		['a non-text message', { message: 42, msg: ['x'] }],
	])('%s says nothing', (_case, body) => {
		expect(parseErrorBody(body)).toEqual(none);
	});
});

describe('redacting the key', () => {
	it('every occurrence is replaced', () => {
		expect(redact('key sk-abc1 and sk-abc1 again', 'sk-abc1')).toBe(
			'key [redacted] and [redacted] again',
		);
	});

	it('a key of four characters is redacted; a shorter or missing one is not looked for', () => {
		expect(redact('abcd in the text', 'abcd')).toBe('[redacted] in the text');
		expect(redact('abc in the text', 'abc')).toBe('abc in the text');
		expect(redact('text', '')).toBe('text');
		expect(redact('text', undefined)).toBe('text');
	});
});

describe('snippets of a body', () => {
	it('runs of white space become one space, and the ends are trimmed', () => {
		expect(snippet('  <html>\n\t<body>  Bad   Gateway </body>\n</html>\n')).toBe(
			'<html> <body> Bad Gateway </body> </html>',
		);
	});

	it('300 characters are kept whole; longer text is cut there with an ellipsis', () => {
		expect(snippet('x'.repeat(300))).toBe('x'.repeat(300));
		expect(snippet('x'.repeat(301))).toBe(`${'x'.repeat(300)}…`);
		expect(snippet('abcdef', 4)).toBe('abcd…');
	});
});
