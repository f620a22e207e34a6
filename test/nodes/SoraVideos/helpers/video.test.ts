import type { IDataObject } from 'n8n-workflow';

import {
	failedStatuses,
	findContentUrl,
	normaliseStatus,
	normaliseVideo,
} from '../../../../nodes/SoraVideos/helpers/video';

// Job objects as each server words them, read the one way workflows rely on: the status names
// gateways use, progress and seconds in any form, errors, and where a file's URL may be.

describe('statuses', () => {
	it.each([
		[
			'queued',
			[
				'queued',
				'pending',
				'submitted',
				'not_start',
				'preparing',
				'created',
				'starting',
				'unknown',
			],
		],
		['in_progress', ['in_progress', 'processing', 'running', 'generating', 'postprocessing']],
		['completed', ['completed', 'complete', 'succeeded', 'success', 'finished']],
		['failed', ['failed', 'failure', 'error']],
		['cancelled', ['cancelled', 'canceled']],
		['expired', ['expired']],
		['deleted', ['deleted']],
	])("%s is what every server's word for it reads as", (status, words) => {
		for (const word of words) {
			expect(normaliseStatus(word)).toBe(status);
			expect(normaliseStatus(` ${word.toUpperCase()} `)).toBe(status);
		}
	});

	it.each([undefined, null, '', '   ', 3])('a job whose status is %p is still queued', (raw) => {
		expect(normaliseStatus(raw)).toBe('queued');
	});

	it('an unknown status is kept as sent, without the spaces around it', () => {
		expect(normaliseStatus(' warming_up ')).toBe('warming_up');
	});

	it('failed, cancelled, expired and deleted end a wait as failures; the others do not', () => {
		expect([...failedStatuses].sort()).toEqual(['cancelled', 'deleted', 'expired', 'failed']);
	});

	it('normalises gateway statuses case-insensitively and keeps unknown ones', () => {
		expect(normaliseStatus('PROCESSING')).toBe('in_progress');
		expect(normaliseStatus('unknown')).toBe('queued');
		expect(normaliseStatus('Succeeded')).toBe('completed');
		expect(normaliseStatus('canceled')).toBe('cancelled');
		expect(normaliseStatus('warming_up')).toBe('warming_up');
	});
});

describe('progress and seconds', () => {
	const progressOf = (progress: IDataObject[string]) =>
		normaliseVideo({ id: 'v', status: 'in_progress', progress }).progress;

	it.each([
		[42, 42],
		['42', 42],
		['42.5%', 42.5],
		[-5, 0],
		[140, 100],
		['soon', null],
		[null, null],
		[undefined, null],
		[Number.NaN, null],
	])('progress %p reads as %p', (raw, expected) => {
		expect(progressOf(raw)).toBe(expected);
	});

	it('a completed job is at 100 %, whatever the server said', () => {
		expect(normaliseVideo({ id: 'v', status: 'succeeded', progress: 90 }).progress).toBe(100);
	});

	it.each([
		[{ seconds: 8 }, '8'],
		[{ seconds: ' 12 ' }, '12'],
		[{ duration: 4 }, '4'],
		[{ seconds: '8', duration: 4 }, '8'],
		[{ seconds: '  ' }, null],
		[{ seconds: Number.POSITIVE_INFINITY }, null],
		[{}, null],
	])('%p gives seconds %p', (fields, expected) => {
		expect(normaliseVideo({ id: 'v', status: 'queued', ...fields }).seconds).toBe(expected);
	});
});

describe('errors', () => {
	const errorOf = (status: string, error: IDataObject[string]) =>
		normaliseVideo({ id: 'v', status, error }).error;

	it('a text error is the message, without spaces around it', () => {
		expect(errorOf('failed', '  out of memory ')).toEqual({
			code: 'error',
			message: 'out of memory',
		});
	});

	it('an error object keeps its code and message; a numeric code reads as text', () => {
		expect(errorOf('failed', { code: 'moderation', message: 'blocked' })).toEqual({
			code: 'moderation',
			message: 'blocked',
		});
		expect(errorOf('failed', { code: 500, message: 'crashed' })).toEqual({
			code: '500',
			message: 'crashed',
		});
	});

	it('an error object without a message is shown whole', () => {
		expect(errorOf('failed', { code: 'oom', message: '' })).toEqual({
			code: 'oom',
			message: '{"code":"oom","message":""}',
		});
	});

	it.each(['cancelled', 'expired', 'deleted'])('a job %s without a reason says so', (status) => {
		expect(errorOf(status, null)).toEqual({
			code: status,
			message: `The job ended as "${status}" without a reason`,
		});
	});

	it('a running job with an empty text error has no error', () => {
		expect(errorOf('in_progress', '   ')).toBeNull();
	});

	it('says so when a job failed without a reason', () => {
		expect(normaliseVideo({ id: 'v', status: 'failed' }).error?.message).toMatch(
			/without a reason/,
		);
		expect(normaliseVideo({ id: 'v', status: 'failed', error: {} }).error?.message).toMatch(
			/without a reason/,
		);
	});

	it('reads an error object without a value in it as no error', () => {
		expect(normaliseVideo({ id: 'v', status: 'completed', error: {} }).error).toBeNull();
		expect(
			normaliseVideo({ id: 'v', status: 'completed', error: { code: null, message: '' } }).error,
		).toBeNull();
		expect(
			normaliseVideo({ id: 'v', status: 'failed', error: { type: 'upstream' } }).error,
		).toEqual({ code: 'error', message: '{"type":"upstream"}' });
	});

	it('a job error whose code is null reads as code "error"', () => {
		expect(
			normaliseVideo({ id: 'v', status: 'failed', error: { code: null, message: 'boom' } }).error,
		).toEqual({
			code: 'error',
			message: 'boom',
		});
	});
});

describe("ids and the server's own values", () => {
	it('the id is id, else task_id, else empty', () => {
		expect(normaliseVideo({ id: 'v1', task_id: 't1' }).id).toBe('v1');
		expect(normaliseVideo({ id: '', task_id: 't1' }).id).toBe('t1');
		expect(normaliseVideo({ id: 7, task_id: 't1' }).id).toBe('t1');
		expect(normaliseVideo({ task_id: 8 }).id).toBe('');
	});

	it('keeps what the server sent for a field only where it differs from what workflows read', () => {
		const same = normaliseVideo({ id: 'v', status: 'queued', progress: 0, seconds: '8' });
		expect(same.server_values).toBeUndefined();
		const differs = normaliseVideo({ id: 'v', status: 'RUNNING', progress: '5', seconds: '8' });
		expect(differs.server_values).toEqual({ status: 'RUNNING', progress: '5' });
		expect(differs).toMatchObject({ status: 'in_progress', progress: 5, seconds: '8' });
	});

	it('takes task_id, numeric seconds, float progress and string errors, keeping the raw values', () => {
		const video = normaliseVideo({
			task_id: 'task_1',
			status: 'failure',
			progress: '42.5%',
			duration: 5.5,
			error: 'boom',
			extra: 1,
		});
		expect(video).toMatchObject({
			id: 'task_1',
			status: 'failed',
			progress: 42.5,
			seconds: '5.5',
			extra: 1,
		});
		expect(video.error).toEqual({ code: 'error', message: 'boom' });
		expect(video.server_values).toMatchObject({
			status: 'failure',
			progress: '42.5%',
			error: 'boom',
		});
	});
});

describe('where the file is', () => {
	it.each([
		['url', { url: 'https://a/1' }],
		['video_url', { video_url: 'https://a/1' }],
		['download_url', { download_url: 'https://a/1' }],
		['output_url', { output_url: 'https://a/1' }],
		['metadata.url', { metadata: { url: 'https://a/1' } }],
		['metadata.video_url', { metadata: { video_url: 'https://a/1' } }],
		['data[0].url', { data: [{ url: 'https://a/1' }] }],
		['videos[0].url', { videos: [{ url: 'https://a/1' }] }],
		['output.url', { output: { url: 'https://a/1' } }],
		['urls[0]', { urls: ['https://a/1'] }],
		['unsigned_urls[0]', { unsigned_urls: ['https://a/1'] }],
	])('found in %s', (_where, body) => {
		expect(findContentUrl(body)).toBe('https://a/1');
	});

	it('the first of them that holds an http(s) URL wins, in the documented order', () => {
		expect(
			findContentUrl({
				url: 'ftp://a/0',
				video_url: 'HTTP://a/1',
				download_url: 'https://a/2',
			}),
		).toBe('HTTP://a/1');
		expect(
			findContentUrl({
				unsigned_urls: ['https://a/3'],
				urls: ['https://a/2'],
				output: { url: 'https://a/1' },
			}),
		).toBe('https://a/1');
	});

	it.each([
		['no URL field', {}],
		['a URL without a scheme', { url: 'cdn.example.com/a.mp4' }],
		['a scheme not at the start', { url: 'see https://a/1' }],
		['a list that is not an array', { urls: 'https://a/1' }],
		['a nested field that is not an object', { metadata: 'https://a/1' }],
		['a URL that is not text', { url: 7 }],
	])('%s gives none', (_case, body) => {
		expect(findContentUrl(body)).toBeNull();
	});

	it('finds content URLs in the documented order', () => {
		expect(findContentUrl({ metadata: { url: 'https://cdn/x.mp4' } })).toBe('https://cdn/x.mp4');
		expect(findContentUrl({ videos: [{ url: 'https://a/b' }], url: 'https://first' })).toBe(
			'https://first',
		);
		expect(findContentUrl({ url: 'not a url' })).toBeNull();
	});

	it('a job object whose nested URL places are null has no URL in them', () => {
		expect(
			findContentUrl({ metadata: null, data: [null], videos: [null], output: null }),
		).toBeNull();
	});
});
