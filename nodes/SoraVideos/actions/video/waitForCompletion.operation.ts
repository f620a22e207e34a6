import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { clock } from '../../helpers/clock';
import { createLimiter, mapWithConcurrency } from '../../helpers/concurrency';
import { nextPollDelayMs, type ProgressSample } from '../../helpers/poll';
import { serverRetryDelayMs } from '../../helpers/retry';
import { inputError } from '../../helpers/validation';
import { failedStatuses, type Video } from '../../helpers/video';
import { throwIfCancelled, type Variant } from '../../transport';
import { readVideoId, showFor, variantField, videoIdField } from './common';
import { downloadItem, readBinaryPropertyName, readVariant } from './download.operation';
import { fetchVideo } from './get.operation';

export const description: INodeProperties[] = [
	videoIdField('waitForCompletion'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor(['waitForCompletion']),
		options: [
			{
				displayName: 'Download When Completed',
				name: 'download',
				type: 'boolean',
				default: false,
				description: 'Whether to download the file as soon as the video is completed',
			},
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
					{ name: 'Fail the Item', value: 'error', description: 'The error carries the video ID, last status and progress' },
					{ name: 'Return the Current Video', value: 'returnCurrent', description: 'Output the job as it is, with wait.timed_out set' },
				],
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'Seconds between status checks; 0 = automatic (the server\'s hint, else adaptive from the job\'s progress)',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'Name of the binary property to write the downloaded file to',
			},
			variantField,
		],
	},
];

interface WaitOptions {
	maxWaitSeconds?: number;
	pollIntervalSeconds?: number;
	onTimeout?: string;
	download?: boolean;
	variant?: string;
	binaryPropertyName?: string;
}

interface Job {
	itemIndex: number;
	videoId: string;
	maxWaitMs: number;
	fixedIntervalMs: number;
	onTimeout: 'error' | 'returnCurrent';
	download?: { variant: Variant; property: string };
	samples: ProgressSample[];
	last?: Video;
	serverHintMs?: number;
	nextPollAt: number;
	polls: number;
	downloading?: Promise<void>;
	outcome?: INodeExecutionData[] | Error;
}

export type ItemOutcome = INodeExecutionData[] | Error;

function readJob(ctx: IExecuteFunctions, itemIndex: number, now: number): Job {
	const node = ctx.getNode();
	const options = ctx.getNodeParameter('options', itemIndex, {}) as WaitOptions;
	const maxWait = Number(options.maxWaitSeconds ?? 900);
	if (!Number.isFinite(maxWait) || maxWait <= 0) {
		throw inputError(node, itemIndex, 'Max Wait (Seconds)', `${maxWait} is not a positive number of seconds`, 'Use for example 900 (15 minutes).');
	}
	const interval = Number(options.pollIntervalSeconds ?? 0);
	if (!Number.isFinite(interval) || interval < 0) {
		throw inputError(node, itemIndex, 'Poll Interval (Seconds)', `${interval} is not a number of seconds`, 'Use 0 for automatic, or a positive number.');
	}
	const onTimeout = options.onTimeout ?? 'error';
	if (onTimeout !== 'error' && onTimeout !== 'returnCurrent') {
		throw inputError(node, itemIndex, 'On Timeout', `"${onTimeout}" is not a choice`, 'Use error or returnCurrent.');
	}
	return {
		itemIndex,
		videoId: readVideoId(ctx, itemIndex),
		maxWaitMs: maxWait * 1000,
		fixedIntervalMs: interval * 1000,
		onTimeout,
		download: options.download
			? {
					variant: readVariant(ctx, itemIndex, options.variant ?? 'video'),
					property: readBinaryPropertyName(ctx, itemIndex, options.binaryPropertyName ?? 'data'),
				}
			: undefined,
		samples: [],
		nextPollAt: now,
		polls: 0,
	};
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

function describe(job: Job, startedAt: number): string {
	const video = job.last;
	const progress = video?.progress === null || video?.progress === undefined ? 'unknown' : `${video.progress}%`;
	return `last status ${video?.status ?? 'not yet read'}, progress ${progress}, waited ${seconds(clock.now() - startedAt)} s, ${job.polls} status checks`;
}

function finishedItem(job: Job, video: Video, startedAt: number, timedOut = false): INodeExecutionData {
	const wait = { waited_seconds: seconds(clock.now() - startedAt), polls: job.polls, timed_out: timedOut };
	return { json: { ...video, wait }, pairedItem: { item: job.itemIndex } };
}

function jobFailure(ctx: IExecuteFunctions, job: Job, video: Video): NodeOperationError {
	const reason = video.error ? `${video.error.message} (code ${video.error.code})` : 'no reason given';
	const error = new NodeOperationError(ctx.getNode(), `Video ${video.id} ${video.status}: ${reason}`, {
		itemIndex: job.itemIndex,
		description: `The server reported status "${video.status}" for video ${video.id}. Moderation blocks are common: rephrase the prompt and create it again.`,
	});
	error.context.video = video;
	return error;
}

function timeoutFailure(ctx: IExecuteFunctions, job: Job, startedAt: number): NodeOperationError {
	const error = new NodeOperationError(
		ctx.getNode(),
		`Video ${job.videoId} did not finish within ${seconds(job.maxWaitMs)} s (${describe(job, startedAt)})`,
		{
			itemIndex: job.itemIndex,
			description: 'The job may still finish: raise Max Wait, or set On Timeout to "Return the Current Video" and check again later with Get or another Wait for Completion.',
		},
	);
	error.context.video = job.last ?? { id: job.videoId };
	return error;
}

function jobState(job: Job): string {
	if (job.downloading) return `${job.videoId}: downloading`;
	const progress = typeof job.last?.progress === 'number' ? ` ${job.last.progress}%` : '';
	return `${job.videoId}: ${job.last?.status ?? 'not read'}${progress}`;
}

/** One line per round: visible in the editor during manual runs, and in the debug log always. */
function reportProgress(ctx: IExecuteFunctions, jobs: Job[], startedAt: number) {
	const done = jobs.filter((job) => job.outcome && !(job.outcome instanceof Error)).length;
	const failed = jobs.filter((job) => job.outcome instanceof Error).length;
	const open = jobs.filter((job) => !job.outcome);
	const shown = open.slice(0, 5).map(jobState).join(', ') + (open.length > 5 ? ', …' : '');
	const line = `Sora Videos: ${done} done, ${failed} failed, ${open.length} waiting after ${seconds(clock.now() - startedAt)} s${
		open.length ? ` (${shown})` : ''
	}`;
	ctx.logger.debug(line);
	if (ctx.getMode() === 'manual') ctx.sendMessageToUI(line);
}

/**
 * Waits for the jobs of all input items in one loop: each job is checked when its own schedule says
 * so, and reported (or downloaded) as soon as it is done, never a fixed sleep later. With
 * `stopOnError` the first failure ends the wait: the run fails with it, so waiting on is wasted.
 */
export async function executeBatch(this: IExecuteFunctions, itemIndices: number[], stopOnError: boolean): Promise<Array<ItemOutcome | undefined>> {
	const startedAt = clock.now();
	const signal = this.getExecutionCancelSignal();
	const limitDownloads = createLimiter(4);
	const jobs: Job[] = itemIndices.map((itemIndex) => {
		try {
			return readJob(this, itemIndex, startedAt);
		} catch (error) {
			return { itemIndex, outcome: error as Error } as Job;
		}
	});

	const settle = (job: Job, video: Video) => {
		const now = clock.now();
		if (video.status === 'completed') {
			if (!job.download) {
				job.outcome = [finishedItem(job, video, startedAt)];
				return;
			}
			const { variant, property } = job.download;
			const wait = finishedItem(job, video, startedAt).json.wait;
			job.downloading = limitDownloads(async () => await downloadItem(this, job.itemIndex, video, variant, property)).then(
				(item) => {
					job.outcome = [{ ...item, json: { ...item.json, wait } }];
				},
				(error: Error) => {
					job.outcome = error;
				},
			);
		} else if (failedStatuses.has(video.status)) {
			job.outcome = jobFailure(this, job, video);
		} else if (now - startedAt >= job.maxWaitMs) {
			job.outcome = job.onTimeout === 'returnCurrent' ? [finishedItem(job, video, startedAt, true)] : timeoutFailure(this, job, startedAt);
		} else {
			const delay = nextPollDelayMs({
				fixedMs: job.fixedIntervalMs,
				serverHintMs: job.serverHintMs,
				createdAtMs: typeof video.created_at === 'number' ? video.created_at * 1000 : undefined,
				samples: job.samples,
				nowMs: now,
			});
			job.nextPollAt = Math.min(now + delay, startedAt + job.maxWaitMs);
		}
	};

	const poll = async (job: Job) => {
		try {
			const { video, response } = await fetchVideo(this, job.itemIndex, job.videoId);
			job.polls++;
			job.last = video;
			job.samples.push({ atMs: clock.now(), progress: video.progress });
			const hint = Number(response.headers['openai-poll-after-ms']);
			job.serverHintMs = Number.isFinite(hint) && hint > 0 ? hint : serverRetryDelayMs(response.headers, clock.now());
			settle(job, video);
		} catch (error) {
			throwIfCancelled(this);
			job.outcome = error as Error;
		}
	};

	const isWaiting = (job: Job) => !job.outcome && !job.downloading;
	const mustStop = () => stopOnError && jobs.some((job) => job.outcome instanceof Error);
	for (let waiting = jobs.filter(isWaiting); waiting.length > 0 && !mustStop(); waiting = jobs.filter(isWaiting)) {
		const now = clock.now();
		const due = waiting.filter((job) => job.nextPollAt <= now);
		if (due.length > 0) {
			await mapWithConcurrency(due, 8, poll);
			reportProgress(this, jobs, startedAt);
			continue;
		}
		// Nothing is due (a timer may also wake a millisecond early): sleep until the first job is, without a report.
		throwIfCancelled(this);
		await clock.sleep(Math.min(...waiting.map((job) => job.nextPollAt)) - now, signal);
		throwIfCancelled(this);
	}
	if (jobs.some((job) => job.downloading)) {
		await Promise.all(jobs.map((job) => job.downloading));
		reportProgress(this, jobs, startedAt);
	}
	throwIfCancelled(this);
	return jobs.map((job) => job.outcome);
}
