import {
	nextPollDelayMs,
	pollBounds,
	type ProgressSample,
} from '../../../../nodes/SoraVideos/helpers/poll';

// When Wait for Completion looks at a job again, in the cases a user meets: their own interval,
// the server's hint, a job whose progress rises, one seen once, one with no progress at all.

const at = (atMs: number, progress: number | null): ProgressSample => ({ atMs, progress });

describe('what decides the next look', () => {
	it('a Poll Interval of 0 or less is no interval: the node decides', () => {
		expect(nextPollDelayMs({ fixedMs: 0, samples: [], nowMs: 0 })).toBe(2000);
		expect(nextPollDelayMs({ fixedMs: -5000, samples: [], nowMs: 0 })).toBe(2000);
		expect(nextPollDelayMs({ fixedMs: 1, samples: [], nowMs: 0 })).toBe(1);
	});

	it("a server's hint is followed from 1 s to 60 s; a hint of 0 is no hint", () => {
		expect(nextPollDelayMs({ serverHintMs: 1, samples: [], nowMs: 0 })).toBe(1000);
		expect(nextPollDelayMs({ serverHintMs: 1500, samples: [], nowMs: 0 })).toBe(1500);
		expect(nextPollDelayMs({ serverHintMs: 60001, samples: [], nowMs: 0 })).toBe(60000);
		expect(nextPollDelayMs({ serverHintMs: 0, samples: [], nowMs: 0 })).toBe(2000);
		expect(nextPollDelayMs({ serverHintMs: -1, samples: [], nowMs: 0 })).toBe(2000);
	});

	it('the bounds the README states: 1 s to 20 s, the first look after 2 s', () => {
		expect(pollBounds).toEqual({ minMs: 1000, maxMs: 20000, firstMs: 2000 });
	});
});

describe('a job whose progress rises', () => {
	it('far from the end: 80 % of the time left, counting the time since the last look', () => {
		// 10 % in 1 s: 100 ms a percent, 79.5 % to go (progress is rounded down).
		expect(nextPollDelayMs({ samples: [at(0, 10), at(1000, 20)], nowMs: 1000 })).toBeCloseTo(6360);
		expect(nextPollDelayMs({ samples: [at(0, 10), at(1000, 20)], nowMs: 1500 })).toBeCloseTo(5960);
	});

	it('the rate comes from the first and the last sample with progress', () => {
		const samples = [at(0, null), at(500, 0), at(1000, 10), at(1500, 12), at(2000, 20)];
		// 10 % in 1 s between the first and last samples with progress above 0.
		expect(nextPollDelayMs({ samples, nowMs: 2000 })).toBeCloseTo(6360);
	});

	it('near the end (5 s left or less): just past the predicted end', () => {
		expect(nextPollDelayMs({ samples: [at(0, 50), at(1000, 60)], nowMs: 1000 })).toBeCloseTo(4200);
		// Exactly 5 s left is near.
		expect(nextPollDelayMs({ samples: [at(0, 39.5), at(1000, 49.5)], nowMs: 1000 })).toBeCloseTo(
			5250,
		);
	});

	it('progress that did not rise, or two samples at the same moment, give no rate', () => {
		expect(nextPollDelayMs({ samples: [at(0, 30), at(1000, 30)], nowMs: 1000 })).toBe(2000);
		expect(nextPollDelayMs({ samples: [at(1000, 10), at(1000, 30)], nowMs: 1000 })).toBe(2000);
		expect(nextPollDelayMs({ samples: [at(0, 40), at(1000, 30)], nowMs: 1000 })).toBe(2000);
	});
});

describe('a job seen once with progress', () => {
	const seenOnce = (progress: number, createdAtMs?: number) =>
		nextPollDelayMs({ samples: [at(8000, 0), at(10000, progress)], createdAtMs, nowMs: 10000 });

	it('without its age: soon, at twice the time waited', () => {
		expect(seenOnce(80)).toBe(4000);
		expect(nextPollDelayMs({ samples: [at(0, 0), at(15000, 5)], nowMs: 15000 })).toBe(20000);
		expect(nextPollDelayMs({ samples: [at(10000, 5)], nowMs: 10000 })).toBe(2000);
	});

	it('with its age: half the time its rate so far predicts, if that is sooner', () => {
		// Created at 0, 80 % after 10 s: 2.5 s left, half of it is 1.25 s.
		expect(seenOnce(80, 0)).toBe(1250);
		// 20 % after 10 s: 40 s left; twice the time waited (4 s) is sooner.
		expect(seenOnce(20, 0)).toBe(4000);
		// 50 % after 4 s: 4 s left, half of it is 2 s.
		expect(seenOnce(50, 6000)).toBe(2000);
	});

	it('the time since the last look counts', () => {
		expect(
			nextPollDelayMs({ samples: [at(8000, 0), at(10000, 50)], createdAtMs: 0, nowMs: 12000 }),
		).toBe(4000);
	});

	it('a creation time after the sample (a server clock ahead) is not used; at the sample it is', () => {
		expect(seenOnce(80, 10001)).toBe(4000);
		expect(seenOnce(80, 10000)).toBe(1000);
	});
});

describe('a job without progress', () => {
	it('the first look 2 s after the job is seen, then a quarter of the time waited, within bounds', () => {
		expect(nextPollDelayMs({ samples: [], nowMs: 0 })).toBe(2000);
		expect(nextPollDelayMs({ samples: [at(0, null)], nowMs: 5000 })).toBe(2000);
		expect(nextPollDelayMs({ samples: [at(0, null), at(6000, 0)], nowMs: 6000 })).toBe(1500);
		expect(nextPollDelayMs({ samples: [at(0, null), at(2000, null)], nowMs: 2000 })).toBe(1000);
		expect(nextPollDelayMs({ samples: [at(0, null), at(200000, null)], nowMs: 200000 })).toBe(
			20000,
		);
		expect(nextPollDelayMs({ samples: [at(4000, null), at(20000, null)], nowMs: 24000 })).toBe(
			5000,
		);
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
