// What the simulator's request log says about a run, for the engine tests and the benchmark.
import type { Simulator } from '../simulator';

/** The ids of the jobs the simulator created (accepted creates), in order. */
export function createdIds(sim: Simulator): string[] {
	return sim
		.log()
		.filter(
			(entry) =>
				entry.route === 'POST /videos' &&
				entry.status !== null &&
				entry.status < 300 &&
				entry.videoId,
		)
		.map((entry) => entry.videoId!);
}
