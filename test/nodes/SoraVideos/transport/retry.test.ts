import {
	backoffDelayMs,
	isRetriableAnswer,
	pollHintMs,
	serverRetryDelayMs,
} from '../../../../nodes/SoraVideos/transport/retry';

// When a request is asked again: which answers a read or a paid request may be retried after, how
// long the server asks us to wait, and the backoff when it says nothing.

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);

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
