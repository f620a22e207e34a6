import { failedStatuses, type Video } from '../SoraVideos/helpers/video';

/** The trigger's Event (interface.md: `event`). */
export type TriggerEvent = 'finished' | 'completed' | 'failed';

export const TRIGGER_EVENTS: TriggerEvent[] = ['finished', 'completed', 'failed'];

/** A job that will not change any more: completed, or ended in failure (docs/protocol.md rule 16). */
export const hasFinished = (video: Video) =>
	video.status === 'completed' || failedStatuses.has(video.status);

export function matchesEvent(video: Video, event: TriggerEvent): boolean {
	if (event === 'completed') return video.status === 'completed';
	if (event === 'failed') return failedStatuses.has(video.status);
	return hasFinished(video);
}

/** When a job finished, for ordering emissions: `completed_at`, else `created_at`, else 0. */
export function finishedAt(video: Video): number {
	for (const value of [video.completed_at, video.created_at])
		if (typeof value === 'number' && Number.isFinite(value)) return value;
	return 0;
}
