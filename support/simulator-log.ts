// What the simulator's request log says about a run, for the engine tests and the benchmark.
import type { Simulator } from '../simulator';

/** The routes that start a job: create, remix, edit and extension. */
export const JOB_ROUTES = new Set([
	'POST /videos',
	'POST /videos/{id}/remix',
	'POST /videos/edits',
	'POST /videos/extensions',
]);

/** The ids of the jobs the simulator started (accepted creates, remixes, edits, extensions), in order. */
export function createdIds(sim: Simulator): string[] {
	return sim
		.log()
		.filter(
			(entry) =>
				JOB_ROUTES.has(entry.route) && entry.status !== null && entry.status < 300 && entry.videoId,
		)
		.map((entry) => entry.videoId!);
}
