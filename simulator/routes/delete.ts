import { ApiError } from '../errors';
import type { Job } from '../jobs';
import { type Reply, jsonReply } from '../reply';
import { type ApiContext, stateOf, videoOf } from './context';

/** DELETE /videos/{id}: OpenAI deletes finished jobs only; self-hosted servers cancel running ones. */
export function remove(ctx: ApiContext, job: Job): Reply {
	const profile = ctx.profile();
	const status = stateOf(ctx, job).status;
	if (!profile.deletesRunningJobs && (status === 'queued' || status === 'in_progress')) {
		throw new ApiError(
			400,
			`Video ${job.id} is still ${status === 'queued' ? 'queued' : 'in progress'}; only completed or failed videos can be deleted.`,
			'invalid_request_error',
			null,
			null,
		);
	}
	const answer = profile.deleted(job.id, videoOf(ctx, job));
	job.deleted = true;
	return { ...jsonReply(200, answer), videoId: job.id };
}
