import { createTimeline } from '../../bench/p1-scale';

test("a Create node's time splits into start → first POST → last POST → end, with the gaps between POSTs", () => {
	// POSTs logged out of order (concurrent requests): sorted by arrival first.
	expect(createTimeline(1000, 2000, [1300, 1200, 1250, 1900])).toEqual({
		toFirstPostMs: 200,
		firstToLastPostMs: 700,
		lastPostToEndMs: 100,
		medianGapMs: 50,
		maxGapMs: 600,
	});
});

test('one POST has no gaps; none is an error, not a zero', () => {
	expect(createTimeline(0, 10, [4])).toMatchObject({ medianGapMs: 0, maxGapMs: 0 });
	expect(() => createTimeline(0, 10, [])).toThrow('no POST /videos');
});
