import { readsPerWindow } from '../../bench/p2-completion-lag';

test('status reads per job per window of render: the mean over jobs against one read a window', () => {
	// A 60 s render allows 20 reads per job in 3 s windows: jobs reading 10, 20 and 30 times average 1.
	expect(readsPerWindow([10, 20, 30], 60_000, 3000)).toBe(1);
	expect(readsPerWindow([8, 8], 20_000, 4000)).toBeCloseTo(1.6);
	expect(readsPerWindow([2, 4], 20_000, 4000)).toBeCloseTo(0.6);
});
