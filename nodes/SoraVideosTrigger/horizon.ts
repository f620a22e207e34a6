import type { Videos } from '../SoraVideos/client/videos';
import type { Video } from '../SoraVideos/helpers/video';

/**
 * How far back each poll looks, by the jobs' `created_at`: a job created up to 24 hours ago that
 * finishes now is still seen (docs/trigger.md, "Horizon").
 */
export const HORIZON_SECONDS = 24 * 60 * 60;

/** The most jobs one poll reads from the list (50 pages of 100), whatever the server does. */
export const MAX_LISTED = 5000;

/** A job's `created_at` in seconds, when the server sends one. */
export const createdAt = (video: Video): number | undefined =>
	typeof video.created_at === 'number' && Number.isFinite(video.created_at)
		? video.created_at
		: undefined;

/** Whether a page is newest first, as asked: a server that ignores `order` lists oldest first. */
function newestFirst(page: Video[]): boolean {
	const times = page.map(createdAt);
	return times.every(
		(time, index) =>
			index === 0 ||
			time === undefined ||
			times[index - 1] === undefined ||
			time <= times[index - 1]!,
	);
}

/** Whether a job is inside the horizon; one without `created_at` counts as inside. */
export function insideHorizon(video: Video, cutoffSeconds: number): boolean {
	const time = createdAt(video);
	return time === undefined || time >= cutoffSeconds;
}

/**
 * The jobs created since `cutoffSeconds`, as the server lists them (newest first where it honours
 * `order`). Paging stops after a newest-first page that reaches past the cutoff; a server that
 * lists in another order is read to its end (TensorRT-LLM sends every job in one answer).
 */
export async function jobsSince(client: Videos, cutoffSeconds: number): Promise<Video[]> {
	const found: Video[] = [];
	for await (const page of client.list({ limit: MAX_LISTED, order: 'desc' })) {
		found.push(...page.filter((video) => insideHorizon(video, cutoffSeconds)));
		const last = page.at(-1);
		const lastTime = last && createdAt(last);
		if (lastTime !== undefined && lastTime < cutoffSeconds && newestFirst(page)) break;
	}
	return found;
}
