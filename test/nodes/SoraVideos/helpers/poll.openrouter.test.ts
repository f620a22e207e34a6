import { nextPollDelayMs, type ProgressSample } from '../../../../nodes/SoraVideos/helpers/poll';

// A server's advised interval (OpenRouter: every 10 to 30 s, docs/protocol.md rule 38) bounds the
// automatic interval; only a rate of progress that predicts an earlier end comes back sooner.

const advisedMs = { minMs: 10_000, maxMs: 30_000 };
const at = (atMs: number, progress: number | null): ProgressSample => ({ atMs, progress });

it("without progress, every look is 10 to 30 s apart, growing with the job's age", () => {
	const delays = [0, 8_000, 60_000, 400_000].map((nowMs) =>
		nextPollDelayMs({ samples: [at(0, null), at(nowMs, null)], nowMs, advisedMs }),
	);
	// At 60 s the next look is due when the job is 4 s × 1.4⁹ (82.6 s) old.
	expect(delays.map(Math.round)).toEqual([
		10_000,
		10_000,
		Math.round(4000 * 1.4 ** 9 - 60_000),
		30_000,
	]);
	expect(nextPollDelayMs({ samples: [at(0, null)], nowMs: 0, advisedMs })).toBe(10_000);
	// Without advice the first looks come sooner (the default bounds, 1 to 20 s).
	expect(nextPollDelayMs({ samples: [at(0, null)], nowMs: 0 })).toBe(4_000);
});

it('one progress sample gives no rate yet: the advice holds', () => {
	expect(nextPollDelayMs({ samples: [at(0, 40)], nowMs: 0, advisedMs })).toBe(10_000);
});

it('a rate of progress that predicts the end within 10 s comes back just after it', () => {
	// 10 % every 10 s, at 95 %: the end is about 4.5 s away.
	const samples = [at(0, 85), at(10_000, 95)];
	const delay = nextPollDelayMs({ samples, nowMs: 10_000, advisedMs });
	expect(delay).toBeGreaterThan(4_500);
	expect(delay).toBeLessThan(10_000);
});

it('a far end waits at most 30 s', () => {
	const samples = [at(0, 1), at(10_000, 2)];
	expect(nextPollDelayMs({ samples, nowMs: 10_000, advisedMs })).toBe(30_000);
});

it('an explicit interval and the server’s own hint still come first', () => {
	expect(nextPollDelayMs({ samples: [], nowMs: 0, advisedMs, fixedMs: 3_000 })).toBe(3_000);
	expect(nextPollDelayMs({ samples: [], nowMs: 0, advisedMs, serverHintMs: 5_000 })).toBe(5_000);
});
