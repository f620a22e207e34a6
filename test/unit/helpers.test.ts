import { parseErrorBody, redact } from '../../nodes/SoraVideos/helpers/errors';
import { readImageInfo, sniffMediaType } from '../../nodes/SoraVideos/helpers/media';
import { nextPollDelayMs } from '../../nodes/SoraVideos/helpers/poll';
import {
	backoffDelayMs,
	isRetriableAnswer,
	serverRetryDelayMs,
} from '../../nodes/SoraVideos/transport/retry';
import { checkPrompt, MAX_PROMPT_LENGTH } from '../../nodes/SoraVideos/helpers/validation';
import {
	findContentUrl,
	normaliseStatus,
	normaliseVideo,
} from '../../nodes/SoraVideos/helpers/video';
import { makePng } from '../../simulator/images';

describe('media', () => {
	it('sniffs MP4, WebP, JPEG and PNG from their first bytes', () => {
		expect(sniffMediaType(Buffer.from('\0\0\0\x18ftypisom'))?.mimeType).toBe('video/mp4');
		expect(sniffMediaType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))?.extension).toBe('webp');
		expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.extension).toBe('jpg');
		expect(sniffMediaType(makePng(2, 2))?.mimeType).toBe('image/png');
		expect(sniffMediaType(Buffer.from('<html>'))).toBeNull();
	});

	it('reads the pixel size of PNG, JPEG and WebP images', () => {
		expect(readImageInfo(makePng(720, 1280))).toMatchObject({
			type: 'png',
			width: 720,
			height: 1280,
		});
		const damaged = makePng(720, 1280);
		damaged[17] ^= 0x40; // a flipped bit in the width: the IHDR checksum no longer matches
		expect(readImageInfo(damaged)).toBeNull();
		const jpeg = Buffer.from([
			0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x05, 0x00, 0x02, 0xd0, 1, 1, 0x11,
			0, 0xff, 0xd9,
		]);
		expect(readImageInfo(jpeg)).toMatchObject({ type: 'jpeg', width: 720, height: 1280 });
		const vp8x = Buffer.alloc(30);
		vp8x.write('RIFF', 0);
		vp8x.write('WEBP', 8);
		vp8x.write('VP8X', 12);
		vp8x.writeUIntLE(1279, 24, 3);
		vp8x.writeUIntLE(719, 27, 3);
		expect(readImageInfo(vp8x)).toMatchObject({ type: 'webp', width: 1280, height: 720 });
	});

	it('rejects a corrupted header', () => {
		const broken = makePng(720, 1280);
		broken.write('XXXX', 12);
		expect(readImageInfo(broken)).toBeNull();
		expect(readImageInfo(Buffer.from('not an image at all'))).toBeNull();
	});
});

describe('video objects', () => {
	it('normalises gateway statuses case-insensitively and keeps unknown ones', () => {
		expect(normaliseStatus('PROCESSING')).toBe('in_progress');
		expect(normaliseStatus('unknown')).toBe('queued');
		expect(normaliseStatus('Succeeded')).toBe('completed');
		expect(normaliseStatus('canceled')).toBe('cancelled');
		expect(normaliseStatus('warming_up')).toBe('warming_up');
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

	it('finds content URLs in the documented order', () => {
		expect(findContentUrl({ metadata: { url: 'https://cdn/x.mp4' } })).toBe('https://cdn/x.mp4');
		expect(findContentUrl({ videos: [{ url: 'https://a/b' }], url: 'https://first' })).toBe(
			'https://first',
		);
		expect(findContentUrl({ url: 'not a url' })).toBeNull();
	});
});

describe('errors', () => {
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

	it('redacts the key wherever it appears', () => {
		expect(redact('Incorrect key sk-secret-123 given, sk-secret-123', 'sk-secret-123')).toBe(
			'Incorrect key [redacted] given, [redacted]',
		);
	});
});

describe('retry rules', () => {
	it('retries reads on 408/409/429/5xx and paid requests only on 429', () => {
		for (const status of [408, 409, 429, 500, 502, 503])
			expect(isRetriableAnswer(status, 'retriable')).toBe(true);
		expect(isRetriableAnswer(400, 'retriable')).toBe(false);
		expect(isRetriableAnswer(429, 'sentOnce')).toBe(true);
		expect(isRetriableAnswer(500, 'sentOnce')).toBe(false);
	});

	it('lets x-should-retry decide for reads, but never make a paid request go out twice', () => {
		expect(isRetriableAnswer(400, 'retriable', { 'x-should-retry': 'true' })).toBe(true);
		expect(isRetriableAnswer(503, 'retriable', { 'x-should-retry': 'false' })).toBe(false);
		expect(isRetriableAnswer(500, 'sentOnce', { 'x-should-retry': 'true' })).toBe(false);
		expect(isRetriableAnswer(429, 'sentOnce', { 'x-should-retry': 'false' })).toBe(false);
		expect(isRetriableAnswer(429, 'sentOnce', { 'x-should-retry': 'true' })).toBe(true);
	});

	it('honours retry-after-ms, then Retry-After seconds or date, capped', () => {
		expect(serverRetryDelayMs({ 'retry-after-ms': '250' }, 0)).toBe(250);
		expect(serverRetryDelayMs({ 'retry-after': '2' }, 0)).toBe(2000);
		expect(serverRetryDelayMs({ 'retry-after': new Date(10000).toUTCString() }, 4000)).toBe(6000);
		expect(serverRetryDelayMs({ 'retry-after': '3600' }, 0)).toBe(60000);
		expect(serverRetryDelayMs({}, 0)).toBeUndefined();
	});

	it('backs off exponentially with bounded jitter', () => {
		expect(backoffDelayMs(0, () => 0)).toBe(500);
		expect(backoffDelayMs(2, () => 1)).toBe(1500);
		expect(backoffDelayMs(10, () => 0)).toBe(8000);
	});
});

describe('poll interval', () => {
	it('uses the explicit interval, then the server hint', () => {
		expect(nextPollDelayMs({ fixedMs: 5000, serverHintMs: 100, samples: [], nowMs: 0 })).toBe(5000);
		expect(nextPollDelayMs({ serverHintMs: 3000, samples: [], nowMs: 0 })).toBe(3000);
		expect(nextPollDelayMs({ serverHintMs: 45000, samples: [], nowMs: 0 })).toBe(45000);
		expect(nextPollDelayMs({ serverHintMs: 3600000, samples: [], nowMs: 0 })).toBe(60000);
	});

	it('aims short of a far end and just past a near one, from the rate progress rises', () => {
		const far = nextPollDelayMs({
			samples: [
				{ atMs: 0, progress: 10 },
				{ atMs: 2000, progress: 20 },
			],
			nowMs: 2000,
		});
		expect(far).toBeCloseTo(0.8 * 79.5 * 200);
		const near = nextPollDelayMs({
			samples: [
				{ atMs: 0, progress: 10 },
				{ atMs: 18000, progress: 90 },
			],
			nowMs: 18000,
		});
		expect(near).toBeCloseTo(9.5 * 225 + 250);
	});

	it('comes back soon after the first progress to learn the rate', () => {
		const samples = [
			{ atMs: 0, progress: 0 },
			{ atMs: 2000, progress: 6 },
		];
		expect(nextPollDelayMs({ samples, createdAtMs: 0, nowMs: 2000 })).toBe(4000);
		expect(nextPollDelayMs({ samples, nowMs: 2000 })).toBe(4000);
	});

	it('stays within bounds and backs off without progress', () => {
		expect(
			nextPollDelayMs({
				samples: [
					{ atMs: 0, progress: 98 },
					{ atMs: 10000, progress: 99 },
				],
				nowMs: 10000,
			}),
		).toBe(5250);
		// The documented bounds (README, Wait for Completion's Poll Interval): never sooner than 1 s, never later than
		// 20 s between status reads on its own reckoning, the first check 2 s after the job is seen.
		expect(
			nextPollDelayMs({
				samples: [
					{ atMs: 0, progress: 50 },
					{ atMs: 1000, progress: 99 },
				],
				nowMs: 1000,
			}),
		).toBe(1000);
		expect(
			nextPollDelayMs({
				samples: [
					{ atMs: 0, progress: 1 },
					{ atMs: 1000, progress: 2 },
				],
				nowMs: 1000,
			}),
		).toBe(20000);
		expect(nextPollDelayMs({ samples: [{ atMs: 0, progress: null }], nowMs: 0 })).toBe(2000);
		expect(
			nextPollDelayMs({
				samples: [
					{ atMs: 0, progress: null },
					{ atMs: 40000, progress: null },
				],
				nowMs: 40000,
			}),
		).toBe(10000);
	});
});

describe('prompt length', () => {
	const node = {
		id: 'n',
		name: 'Sora Videos',
		type: 'n8n-nodes-sora-videos.soraVideos',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
	};

	it('counts characters, not UTF-16 units: 32000 emoji fit, 32001 do not', () => {
		expect(checkPrompt(node, 0, '🎬'.repeat(MAX_PROMPT_LENGTH))).toHaveLength(
			2 * MAX_PROMPT_LENGTH,
		);
		expect(() => checkPrompt(node, 3, '🎬'.repeat(MAX_PROMPT_LENGTH + 1))).toThrow(
			/Item 3, field "Prompt": the prompt has 32001 characters/,
		);
	});
});
