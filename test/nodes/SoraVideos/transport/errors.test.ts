import type { IExecuteFunctions } from 'n8n-workflow';

import {
	apiError,
	describeNetworkError,
	failureError,
	isErrorEnvelope,
	transientFailure,
} from '../../../../nodes/SoraVideos/transport/errors';
import type { Session } from '../../../../nodes/SoraVideos/transport/types';
import { soraVideosNode as node } from '../../../support/sora-videos-node';

// The errors a user reads when a request fails: a connection that never reached the server told
// from one that broke, error envelopes told from jobs, and a failed answer's status, code, request
// id and message, without the key.

const KEY = 'sk-unit-KEY-do-not-leak';

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
