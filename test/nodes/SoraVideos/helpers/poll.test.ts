import {
	firstPollAt,
	lookGrowth,
	nextLookAge,
	nextPollDelayMs,
	pollBounds,
	type ProgressSample,
} from '../../../../nodes/SoraVideos/helpers/poll';

// When Wait for Completion looks at a job again, in the cases a user meets: their own interval,
// the server's hint, a job whose progress rises, one seen once, one with no progress at all, and
// one whose finished siblings predict its end.

const at = (atMs: number, progress: number | null): ProgressSample => ({ atMs, progress });

describe('what decides the next look', () => {
	it('a Poll Interval of 0 or less is no interval: the node decides', () => {
		expect(nextPollDelayMs({ fixedMs: 0, samples: [], nowMs: 0 })).toBe(4000);
		expect(nextPollDelayMs({ fixedMs: -5000, samples: [], nowMs: 0 })).toBe(4000);
		expect(nextPollDelayMs({ fixedMs: 1, samples: [], nowMs: 0 })).toBe(1);
	});

	it("a server's hint is followed from 1 s to 60 s; a hint of 0 is no hint", () => {
		expect(nextPollDelayMs({ serverHintMs: 1, samples: [], nowMs: 0 })).toBe(1000);
		expect(nextPollDelayMs({ serverHintMs: 1500, samples: [], nowMs: 0 })).toBe(1500);
		expect(nextPollDelayMs({ serverHintMs: 60001, samples: [], nowMs: 0 })).toBe(60000);
		expect(nextPollDelayMs({ serverHintMs: 0, samples: [], nowMs: 0 })).toBe(4000);
		expect(nextPollDelayMs({ serverHintMs: -1, samples: [], nowMs: 0 })).toBe(4000);
	});

	it('the bounds docs/protocol.md states: 1 s to 20 s, no look before a job is 4 s old, 1.4× apart', () => {
		expect(pollBounds).toEqual({ minMs: 1000, maxMs: 20000, firstMs: 4000 });
		expect(lookGrowth).toBe(1.4);
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
		expect(nextPollDelayMs({ samples: [at(0, 50), at(1000, 60)], nowMs: 1000 })).toBeCloseTo(4050);
		// Exactly 5 s left is near.
		expect(nextPollDelayMs({ samples: [at(0, 39.5), at(1000, 49.5)], nowMs: 1000 })).toBeCloseTo(
			5100,
		);
	});

	it('after a look that came early for a near end: a quarter second on if progress rose, a second if it stood still', () => {
		// 60 s renders: 600 ms a percent, so whole percents leave the end uncertain by 0.6 s.
		const rose = [at(0, 10), at(52_200, 97), at(54_000, 99)];
		expect(nextPollDelayMs({ samples: rose, nowMs: 54_000 })).toBeCloseTo(
			0.5 * (54_000 / 89) + 100,
		);
		expect(nextPollDelayMs({ samples: rose, nowMs: 54_300 })).toBe(250);
		// A server finishing at 99 % is read no more often than the 1 s bound.
		const stood = [at(0, 10), at(53_000, 99), at(54_000, 99)];
		expect(nextPollDelayMs({ samples: stood, nowMs: 54_000 })).toBe(1000);
		// Nor a job already read once per 4 s of its age (the read budget with progress).
		const often = [
			...Array.from({ length: 13 }, (_, i) => at(i * 4000, 10 + i * 6)),
			at(54_000, 99),
		];
		expect(nextPollDelayMs({ samples: often, nowMs: 54_000 })).toBe(1000);
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
	const blind = (ageMs: number, extra: Partial<Parameters<typeof nextPollDelayMs>[0]> = {}) =>
		nextPollDelayMs({
			samples: [at(0, null), at(ageMs, 0)],
			createdAtMs: 0,
			nowMs: ageMs,
			...extra,
		});

	it('is read when it is 4 s old, then each time 1.4 times as old, at most 20 s apart', () => {
		expect(nextPollDelayMs({ samples: [], nowMs: 0 })).toBe(4000);
		expect(blind(4000)).toBeCloseTo(1600);
		expect(blind(5600)).toBeCloseTo(2240);
		expect(blind(40000)).toBeCloseTo(4000 * lookGrowth ** 7 - 40000);
		expect(blind(200000)).toBe(20000);
		// Its age counts from its creation, when the server says; else from its first read.
		expect(nextPollDelayMs({ samples: [at(12000, null)], nowMs: 12000 })).toBe(4000);
		expect(
			nextPollDelayMs({ samples: [at(12000, null)], createdAtMs: 0, nowMs: 12000 }),
		).toBeCloseTo(4000 * lookGrowth ** 4 - 12000);
	});

	it('a creation time in our future (a server clock ahead) counts from the first read', () => {
		expect(nextPollDelayMs({ samples: [at(10000, null)], createdAtMs: 60000, nowMs: 10000 })).toBe(
			4000,
		);
	});

	it('jobs waited for together look at different moments: a phase shifts the schedule', () => {
		expect(nextLookAge(0, 0)).toBe(4000);
		expect(nextLookAge(0, 0.5)).toBeCloseTo(4000 * Math.sqrt(lookGrowth));
		expect(nextLookAge(4000, 0.5)).toBeCloseTo(4000 * Math.sqrt(lookGrowth));
		expect(blind(4000 * lookGrowth ** 2.5, { phase: 0.5 })).toBeCloseTo(
			4000 * lookGrowth ** 2.5 * (lookGrowth - 1),
		);
		// A read on a point, give or take a rounding, is past it.
		expect(nextLookAge(4000 * lookGrowth - 0.5)).toBeCloseTo(4000 * lookGrowth ** 2);
	});

	it("a sibling's end comes first: read then (at least 250 ms on), then every second for 3 s", () => {
		const scheduled = 4000 * lookGrowth ** 4 - 12000;
		expect(blind(12000, { expectedEndMs: 14000 })).toBe(2000);
		expect(blind(12000, { expectedEndMs: 12100 })).toBe(250);
		expect(blind(12000, { expectedEndMs: 11000 })).toBe(1000);
		expect(blind(12000, { expectedEndMs: 8000 })).toBeCloseTo(scheduled);
		// A later end than the schedule's changes nothing.
		expect(blind(12000, { expectedEndMs: 30000 })).toBeCloseTo(scheduled);
	});
});

describe('the first read', () => {
	it('at once, unless the job is known to be younger than 4 s (on its phase)', () => {
		expect(firstPollAt(10000, 0)).toBe(10000);
		expect(firstPollAt(10000, 0, 9000)).toBe(13000);
		expect(firstPollAt(10000, 0.5, 9000)).toBeCloseTo(9000 + 4000 * Math.sqrt(lookGrowth));
		expect(firstPollAt(10000, 0, 2000)).toBe(10000);
		// created_at in our future: counted as now.
		expect(firstPollAt(10000, 0, 50000)).toBe(14000);
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
		expect(near).toBeCloseTo(9.5 * 225 + 100);
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
		).toBe(5100);
		// The documented bounds (docs/protocol.md rule 25): never sooner than 1 s (250 ms just after
		// progress rose next to the end, within the read budget), never later than 20 s between
		// status reads on its own reckoning. Read twice in its first second, this job is over budget.
		expect(nextPollDelayMs({ samples: [at(0, 50), at(1000, 99)], nowMs: 1000 })).toBe(1000);
		const stood = [at(0, 50), at(1000, 99), at(1100, 99)];
		expect(nextPollDelayMs({ samples: stood, nowMs: 1100 })).toBe(1000);
		expect(
			nextPollDelayMs({
				samples: [
					{ atMs: 0, progress: 1 },
					{ atMs: 1000, progress: 2 },
				],
				nowMs: 1000,
			}),
		).toBe(20000);
		expect(nextPollDelayMs({ samples: [{ atMs: 0, progress: null }], nowMs: 0 })).toBe(4000);
		expect(
			nextPollDelayMs({
				samples: [
					{ atMs: 0, progress: null },
					{ atMs: 400000, progress: null },
				],
				nowMs: 400000,
			}),
		).toBe(20000);
	});
});
