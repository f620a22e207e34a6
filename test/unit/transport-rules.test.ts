import { PassThrough } from 'node:stream';

import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { checkComplete } from '../../nodes/SoraVideos/transport/body';
import {
	apiError,
	describeNetworkError,
	failureError,
	isErrorEnvelope,
	transientFailure,
} from '../../nodes/SoraVideos/transport/errors';
import {
	contentLength,
	headerValue,
	isJsonLike,
	parseJson,
} from '../../nodes/SoraVideos/transport/response';
import { pollHintMs, serverRetryDelayMs } from '../../nodes/SoraVideos/transport/retry';
import type { RawResponse, Session } from '../../nodes/SoraVideos/transport/types';

// The rules the transport applies to what a server sends, each on its own: headers, JSON
// sniffing, retry delays, network failures, error envelopes and the errors a user reads.

const node: INode = {
	id: 'n1',
	name: 'Sora Videos',
	type: 'n8n-nodes-sora-videos.soraVideos',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const KEY = 'sk-unit-KEY-do-not-leak';
const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);

function session(kind: 'retriable' | 'sentOnce' = 'retriable'): Session {
	return {
		ctx: { getNode: () => node } as unknown as IExecuteFunctions,
		target: {
			baseUrl: 'http://127.0.0.1:4010/v1',
			origin: 'http://127.0.0.1:4010',
			apiKey: KEY,
			extraQuery: {},
		},
		request: {
			method: kind === 'sentOnce' ? 'POST' : 'GET',
			path: kind === 'sentOnce' ? '/videos' : '/videos/v1',
			kind,
			itemIndex: 2,
			action: kind === 'sentOnce' ? 'Create' : 'Get video v1',
		},
	};
}

const answer = (status: number, headers: Record<string, string>, body: string) => ({
	status,
	headers,
	bytes: Buffer.from(body),
});

describe('headers', () => {
	it('reads the first of a repeated header, and nothing for an absent or empty one', () => {
		expect(headerValue({ 'x-request-id': ['req_1', 'req_2'] }, 'x-request-id')).toBe('req_1');
		expect(headerValue({}, 'x-request-id')).toBeUndefined();
		expect(headerValue({ 'x-request-id': null }, 'x-request-id')).toBeUndefined();
		expect(headerValue({ 'content-length': 0 }, 'content-length')).toBe('0');
	});

	it.each([
		['1234', 1234],
		['0', 0],
		['-5', undefined],
		['many', undefined],
		[undefined, undefined],
	])('Content-Length %p counts as %p bytes', (value, expected) => {
		expect(contentLength(value === undefined ? {} : { 'content-length': value })).toBe(expected);
	});
});

describe('is an answer JSON?', () => {
	it.each([
		['a JSON content type, whatever the bytes', 'application/json; charset=utf-8', 'oops', true],
		['no content type, an object', undefined, '{"id":"v1"}', true],
		['no content type, a list after blank lines', undefined, '\n  [{"id":"v1"}]', true],
		['text/plain holding an object', 'text/plain', '{"id":"v1"}', true],
		['an HTML page starting with a brace', 'text/html', '{{template}}', false],
		['text', 'text/plain', 'upstream timed out', false],
		['MP4 bytes', 'application/octet-stream', '\u0000\u0000\u0000\u0018ftypmp42', false],
	])('%s: %p', (_case, type, body, expected) => {
		expect(isJsonLike(type ? { 'content-type': type } : {}, Buffer.from(body))).toBe(expected);
	});

	it('takes only an object or a list for a JSON body', () => {
		expect(parseJson(Buffer.from('{"id":"v1"}'))).toEqual({ id: 'v1' });
		expect(parseJson(Buffer.from('[]'))).toEqual([]);
		for (const scalar of ['"video"', '42', 'true', 'null', 'not json'])
			expect(parseJson(Buffer.from(scalar))).toBeUndefined();
	});
});

describe('how long the server asks us to wait', () => {
	it.each([
		['retry-after-ms', { 'retry-after-ms': '1500' }, 1500],
		['retry-after-ms before retry-after', { 'retry-after-ms': '200', 'retry-after': '5' }, 200],
		['retry-after in seconds', { 'retry-after': '3' }, 3000],
		['retry-after of zero: at once', { 'retry-after': '0' }, 0],
		['retry-after as a date', { 'retry-after': new Date(NOW + 4000).toUTCString() }, 4000],
		['a date in the past', { 'retry-after': new Date(NOW - 4000).toUTCString() }, undefined],
		['a negative delay', { 'retry-after': '-3' }, undefined],
		['nonsense', { 'retry-after': 'soon' }, undefined],
		['more than a minute is capped', { 'retry-after': '3600' }, 60000],
		['nothing', {}, undefined],
	])('%s', (_case, headers, expected) => {
		expect(serverRetryDelayMs(headers, NOW)).toBe(expected);
	});

	it('polls again when openai-poll-after-ms says, or else when retry-after says', () => {
		expect(pollHintMs({ 'openai-poll-after-ms': '2500', 'retry-after': '9' }, NOW)).toBe(2500);
		expect(pollHintMs({ 'openai-poll-after-ms': '0', 'retry-after': '9' }, NOW)).toBe(9000);
		expect(pollHintMs({ 'openai-poll-after-ms': 'x' }, NOW)).toBeUndefined();
	});
});

describe('network failures', () => {
	const refused = { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:4010' };

	it("tells a connection that never reached the server by its code, anywhere in the error's causes", () => {
		const fetchFailure = { message: 'fetch failed', cause: refused };
		const failure = describeNetworkError(node, fetchFailure);
		expect(failure.message).toBe('fetch failed');
		expect(failure.context).toMatchObject({ transient: true, stage: 'refused' });
		expect(describeNetworkError(node, { code: 'ENOTFOUND' }).context.stage).toBe('refused');
		expect(describeNetworkError(node, { message: 'getaddrinfo EAI_AGAIN api' }).context.stage).toBe(
			'refused',
		);
		expect(
			describeNetworkError(node, { code: 'ECONNRESET', message: 'socket hang up' }).context.stage,
		).toBe('connection');
	});

	it('looks four causes deep and no further, so a cause that points at itself ends the search', () => {
		const deep = (levels: number) => {
			let error: Record<string, unknown> = refused;
			for (let level = 1; level < levels; level++)
				error = { message: `level ${level}`, cause: error };
			return error;
		};
		expect(describeNetworkError(node, deep(4)).context.stage).toBe('refused');
		expect(describeNetworkError(node, deep(5)).context.stage).toBe('connection');
		const loop: Record<string, unknown> = { message: 'loop' };
		loop.cause = loop;
		expect(describeNetworkError(node, loop).message).toBe('loop');
	});

	it('says the connection failed when the error says nothing', () => {
		expect(describeNetworkError(node, {}).message).toBe('the connection failed');
		expect(describeNetworkError(node, { code: 'EPIPE' }).message).toBe('EPIPE');
	});

	it("a refused create's error points at the Base URL; a broken one warns that the job may exist", () => {
		const refusedError = failureError(
			session('sentOnce'),
			transientFailure(node, 'nobody listens on port 4010', 'refused'),
		);
		expect(refusedError.message).toBe('Create failed: nobody listens on port 4010');
		expect(refusedError.description).toBe(
			"Check that the credential's Base URL (http://127.0.0.1:4010/v1) is reachable from n8n.",
		);
		expect(refusedError.context.mayHaveStartedJob).toBe(false);
		const broken = failureError(
			session('sentOnce'),
			transientFailure(node, 'socket hang up', 'connection'),
		);
		expect(broken.description).toMatch(/may have started the job/);
		expect(broken.context.mayHaveStartedJob).toBe(true);
	});

	it("keeps the failure's message, without the key, in the error's details", () => {
		const failure = transientFailure(node, `header x-api-key: ${KEY} is invalid`, 'connection');
		const error = failureError(session(), failure);
		expect(error.errorResponse).toEqual({ message: 'header x-api-key: [redacted] is invalid' });
		expect(JSON.stringify(error)).not.toContain(KEY);
	});
});

describe('error envelopes', () => {
	it.each([
		[{ error: 'quota exceeded' }, true],
		[{ error: { message: 'quota exceeded' }, code: 'quota' }, true],
		[{ error: null }, false],
		[{ error: '' }, false],
		[{}, false],
		[{ error: 'x', id: 'v1' }, false],
		[{ error: 'x', task_id: 't1' }, false],
		[{ error: 'x', status: 'failed' }, false],
		[{ error: 'x', data: {} }, false],
		[{ error: 'x', object: 'video' }, false],
	])('%p is an error, not a job: %p', (body, expected) => {
		expect(isErrorEnvelope(body)).toBe(expected);
	});
});

describe('the error a user reads for a failed answer', () => {
	it('names the status, code, type, parameter and request id, then what the server said', () => {
		const body = JSON.stringify({
			error: {
				message: 'size must be 720x1280',
				type: 'invalid_request_error',
				param: 'size',
				code: 'bad_size',
			},
		});
		const error = apiError(
			session(),
			answer(400, { 'content-type': 'application/json', 'x-request-id': 'req_9' }, body),
		);
		expect(error.message).toBe('Get video v1 failed: size must be 720x1280');
		expect(error.description).toBe(
			`HTTP 400, code bad_size, type invalid_request_error, param size, request id req_9. Server said: ${body}`,
		);
		expect(error.errorResponse).toEqual({
			message: 'size must be 720x1280',
			code: 'bad_size',
			type: 'invalid_request_error',
			param: 'size',
			httpCode: '400',
			requestId: 'req_9',
		});
		expect(error.context).toMatchObject({ requestId: 'req_9', httpCode: 400 });
	});

	it('knows an HTML page by its first bytes when the content type does not say so', () => {
		const page = '\n  <!DOCTYPE html><html><body>502 Bad Gateway</body></html>';
		const error = apiError(session(), answer(502, { 'content-type': 'text/plain' }, page));
		expect(error.message).toBe('Get video v1 failed: the server answered with an HTML page');
		expect(error.description).toMatch(/^An HTML page instead of JSON usually means/);
	});

	it('does not take a text that mentions <html> later on for a page', () => {
		const error = apiError(
			session(),
			answer(500, { 'content-type': 'text/plain' }, 'cannot render <html> here'),
		);
		expect(error.message).toBe('Get video v1 failed: HTTP 500');
		expect(error.description).toBe('HTTP 500. Server said: cannot render <html> here');
	});

	it('never shows the key, even when the server echoes it', () => {
		const error = apiError(session(), answer(401, {}, `{"error":{"message":"bad key ${KEY}"}}`));
		expect(JSON.stringify([error.message, error.description, error.errorResponse])).not.toContain(
			KEY,
		);
	});
});

describe('a body that ends short', () => {
	const response = (announcedLength?: number): RawResponse => ({
		statusCode: 200,
		headers: {},
		body: new PassThrough(),
		announcedLength,
		abandon: () => undefined,
	});

	it('is a failure worth another try when fewer bytes came than announced', () => {
		expect(() => checkComplete(node, response(100), 60)).toThrow(
			'the server stopped sending after 60 of 100 bytes (truncated)',
		);
		try {
			checkComplete(node, response(100), 60);
		} catch (error) {
			expect((error as { context: object }).context).toMatchObject({
				transient: true,
				stage: 'body',
			});
		}
	});

	it('is whole when the count matches, or when no length counts these bytes', () => {
		expect(() => checkComplete(node, response(100), 100)).not.toThrow();
		expect(() => checkComplete(node, response(undefined), 60)).not.toThrow();
	});
});
