import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { clock } from '../../helpers/clock';
import { createLimiter, mapWithConcurrency } from '../../helpers/concurrency';
import { firstPollAt, jobOriginMs, nextPollDelayMs } from '../../helpers/poll';
import { failedStatuses, type Video } from '../../helpers/video';
import { throwIfCancelled } from '../../helpers/cancel';
import type { ItemOutcome, Operation } from '../operation';
import {
	displayFor,
	downloadItem,
	fileNameField,
	variantField,
	videoIdField,
	whenDownloading,
} from './common';
import {
	finishedItem,
	jobFailure,
	noteVideo,
	readJob,
	reportProgress,
	timeoutFailure,
	type Job,
} from './waitJobs';

const properties: INodeProperties[] = [
	videoIdField,
	{
		displayName:
			'Renders take minutes (up to half an hour on a busy self-hosted GPU). In a manual run the progress of each item shows in the browser console (F12 → Console). To free n8n during long renders, use the Sora Videos Trigger instead.',
		name: 'waitNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Download When Completed',
				name: 'download',
				type: 'boolean',
				// true once added (docs/interface.md); a saved workflow keeps the value it stored.
				default: true,
				description: 'Whether to download the file as soon as the video is completed',
			},
			{ ...fileNameField, displayOptions: whenDownloading },
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				default: 900,
				typeOptions: { minValue: 1 },
				description: 'How long to wait for each video before giving up',
			},
			{
				displayName: 'On Timeout',
				name: 'onTimeout',
				type: 'options',
				default: 'error',
				options: [
					{
						name: 'Fail the Item',
						value: 'error',
						description: 'The error carries the video ID, last status and progress',
					},
					{
						name: 'Return the Current Video',
						value: 'returnCurrent',
						description: 'Output the job as it is, with wait.timed_out set',
					},
				],
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description:
					"Seconds between status checks; 0 = automatic (the server's hint, else adaptive from the job's progress; OpenRouter: 10 to 30 s unless progress says the end is sooner)",
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'Name of the binary property to write the downloaded file to',
				displayOptions: whenDownloading,
			},
			{ ...variantField, displayOptions: whenDownloading },
		],
	},
];

export const description = updateDisplayOptions(displayFor('waitForCompletion'), properties);

/** One Wait for Completion run: its jobs, when it started, and the downloads it may run at once. */
interface Batch {
	ctx: IExecuteFunctions;
	jobs: Job[];
	startedAt: number;
	limitDownloads: ReturnType<typeof createLimiter>;
}

function startDownload(
	batch: Batch,
	job: Job,
	video: Video,
	download: NonNullable<Job['download']>,
) {
	const wait = finishedItem(job, video, batch.startedAt).json.wait;
	job.downloading = batch
		.limitDownloads(async () => await downloadItem(batch.ctx, job.itemIndex, video, download))
		.then(
			(item) => {
				job.outcome = [{ ...item, json: { ...item.json, wait } }];
			},
			(error: Error) => {
				job.outcome = error;
			},
		);
}

const isWaiting = (job: Job) => !job.outcome && !job.downloading;
/** Since when a job exists, as its schedule counts it (poll.ts `jobOriginMs`). */
const originOf = (job: Job, now: number) =>
	jobOriginMs(job.createdAtMs, job.samples[0]?.atMs ?? now);
/** On the automatic schedule: the jobs a finished sibling tells about. */
const automatic = (job: Job) => job.fixedIntervalMs === 0 && !job.serverHintMs;

/**
 * A job seen running, then completed: each waiting job alike (same model, seconds and size) is
 * expected to take as long since its own creation, less a second for `created_at`'s rounding, and
 * is read then (at once for those created no later): jobs created together finish together, and
 * the wait ends only when the last of them is seen (docs/protocol.md rule 25).
 */
function expectSiblings(batch: Batch, finished: Job, now: number) {
	if (!automatic(finished) || finished.samples.length < 2) return;
	const renderMs = now - originOf(finished, now) - 1000;
	for (const job of batch.jobs) {
		if (job === finished || !isWaiting(job) || !automatic(job)) continue;
		if (job.renderKey !== finished.renderKey) continue;
		const expectedEnd = originOf(job, now) + renderMs;
		job.expectedEndAt = Math.min(job.expectedEndAt ?? Infinity, expectedEnd);
		job.nextPollAt = Math.min(job.nextPollAt, Math.max(now, job.expectedEndAt));
	}
}

/** Records what a status read says: done, failed, timed out, or when to look next. */
function settle(batch: Batch, job: Job, video: Video) {
	const { ctx, startedAt } = batch;
	const now = clock.now();
	if (video.status === 'completed') {
		expectSiblings(batch, job, now);
		if (job.download) startDownload(batch, job, video, job.download);
		else job.outcome = [finishedItem(job, video, startedAt)];
	} else if (failedStatuses.has(video.status)) {
		job.outcome = jobFailure(ctx, job, video);
	} else if (now - startedAt >= job.maxWaitMs) {
		job.outcome =
			job.onTimeout === 'returnCurrent'
				? [finishedItem(job, video, startedAt, true)]
				: timeoutFailure(ctx, job, video, startedAt);
	} else {
		const delay = nextPollDelayMs({
			fixedMs: job.fixedIntervalMs,
			serverHintMs: job.serverHintMs,
			advisedMs: job.advisedMs,
			createdAtMs: job.createdAtMs,
			phase: job.phase,
			expectedEndMs: job.expectedEndAt,
			samples: job.samples,
			nowMs: now,
		});
		job.nextPollAt = Math.min(now + delay, startedAt + job.maxWaitMs);
	}
}

async function poll(batch: Batch, job: Job) {
	try {
		const read = await videos(batch.ctx, job.itemIndex).retrieve(job.videoId);
		const { video } = read;
		job.polls++;
		noteVideo(job, video);
		job.samples.push({ atMs: clock.now(), progress: video.progress });
		job.serverHintMs = read.pollAfterMs;
		job.advisedMs = read.advisedMs;
		settle(batch, job, video);
	} catch (error) {
		throwIfCancelled(batch.ctx);
		job.outcome = error as Error;
	}
}

function readJobs(ctx: IExecuteFunctions, itemIndices: number[]): Job[] {
	return itemIndices.map((itemIndex) => {
		try {
			return readJob(ctx, itemIndex);
		} catch (error) {
			return { itemIndex, outcome: error as Error } as Job;
		}
	});
}

/**
 * Waits for the jobs of all input items in one loop: each job is checked when its own schedule says
 * so, and reported (or downloaded) as soon as it is done, never a fixed sleep later. With
 * `stopOnError` the first failure ends the wait: the run fails with it, so waiting on is wasted.
 */
export async function waitForJobs(
	ctx: IExecuteFunctions,
	jobs: Job[],
	stopOnError: boolean,
): Promise<Array<ItemOutcome | undefined>> {
	const startedAt = clock.now();
	const batch: Batch = { ctx, jobs, startedAt, limitDownloads: createLimiter(4) };
	jobs.forEach((job, index) => {
		job.phase = index / jobs.length;
		if (automatic(job)) job.nextPollAt = firstPollAt(startedAt, job.phase, job.createdAtMs);
	});
	// Jobs known to be running are read later: say at once what the wait is waiting for.
	const waitingAtStart = jobs.filter(isWaiting);
	if (waitingAtStart.length > 0 && waitingAtStart.every((job) => job.nextPollAt > startedAt))
		reportProgress(ctx, jobs, startedAt);
	const mustStop = () => stopOnError && jobs.some((job) => job.outcome instanceof Error);
	for (
		let waiting = jobs.filter(isWaiting);
		waiting.length > 0 && !mustStop();
		waiting = jobs.filter(isWaiting)
	) {
		const now = clock.now();
		const due = waiting.filter((job) => job.nextPollAt <= now);
		if (due.length > 0) {
			await mapWithConcurrency(due, 8, async (job) => await poll(batch, job));
			reportProgress(ctx, jobs, startedAt);
			continue;
		}
		// Nothing is due (a timer may also wake a millisecond early): sleep until the first job is,
		// without a report.
		throwIfCancelled(ctx);
		await clock.sleep(
			Math.min(...waiting.map((job) => job.nextPollAt)) - now,
			ctx.getExecutionCancelSignal(),
		);
		throwIfCancelled(ctx);
	}
	if (jobs.some((job) => job.downloading)) {
		await Promise.all(jobs.map((job) => job.downloading));
		reportProgress(ctx, jobs, startedAt);
	}
	throwIfCancelled(ctx);
	return jobs.map((job) => job.outcome);
}

/** Wait for Completion: each input item's job, from its Video ID and options. */
export async function executeBatch(
	this: IExecuteFunctions,
	itemIndices: number[],
	stopOnError: boolean,
): Promise<Array<ItemOutcome | undefined>> {
	return await waitForJobs(this, readJobs(this, itemIndices), stopOnError);
}

export const operation: Operation = {
	value: 'waitForCompletion',
	name: 'Wait for Completion',
	action: 'Wait for a video to complete',
	summary: "Wait until each input item's video is completed or failed",
	subtitle: 'Wait for completion',
	description,
	executeBatch,
};
