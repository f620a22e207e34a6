import type { IDataObject } from 'n8n-workflow';

import type { Video } from '../SoraVideos/helpers/video';
import { createdAt } from './horizon';

/**
 * The finished jobs the trigger has handled (emitted, or found finished at activation), by id, each
 * with the time that keeps it inside the horizon: its `created_at`, or, for a server that sends
 * none, the last poll that listed it. Only ids inside the horizon are kept, so the record stays as
 * small as the list a poll reads (docs/trigger.md, "State").
 */
export type SeenJobs = Record<string, number>;

/**
 * The record in n8n's static data of the node, or undefined before the first poll. n8n saves that
 * static data at activation and with every poll that emits (not after a poll that emits nothing),
 * so a change is only kept across a restart when it travels with an emission or an activation.
 */
export function seenJobsOf(staticData: IDataObject): SeenJobs | undefined {
	const seen = staticData.seen;
	if (!seen || typeof seen !== 'object' || Array.isArray(seen)) return undefined;
	return Object.fromEntries(
		Object.entries(seen).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
	);
}

/** Records jobs as handled. */
export function recordSeen(seen: SeenJobs, videos: Video[], nowSeconds: number): void {
	for (const video of videos) seen[video.id] = createdAt(video) ?? nowSeconds;
}

/**
 * Keeps a listed job without `created_at` inside the horizon while the server still lists it, and
 * forgets every job outside it: the list will not show those to a poll again.
 */
export function keepInsideHorizon(
	seen: SeenJobs,
	listed: Video[],
	nowSeconds: number,
	cutoffSeconds: number,
): void {
	for (const video of listed)
		if (createdAt(video) === undefined && Object.hasOwn(seen, video.id))
			seen[video.id] = nowSeconds;
	for (const [id, time] of Object.entries(seen)) if (time < cutoffSeconds) delete seen[id];
}

/** Writes the record into the node's static data (in place: n8n watches that object for changes). */
export function storeSeenJobs(staticData: IDataObject, seen: SeenJobs): void {
	staticData.seen = seen;
}
