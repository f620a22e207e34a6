import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { clock } from '../../helpers/clock';
import type { ProgressSample } from '../../helpers/poll';
import { inputError } from '../../helpers/validation';
import type { Video } from '../../helpers/video';
import type { ItemOutcome } from '../operation';
import { readDownloadChoice, readVideoId, type DownloadChoice } from './common';

/** Wait for Completion's bookkeeping: one job per input item, its schedule and its messages. */

export interface WaitOptions {
	maxWaitSeconds?: number;
	pollIntervalSeconds?: number;
	onTimeout?: string;
	download?: boolean;
	variant?: string;
	binaryPropertyName?: string;
	fileName?: string;
}

export interface Job {
	itemIndex: number;
	videoId: string;
	maxWaitMs: number;
	fixedIntervalMs: number;
	onTimeout: 'error' | 'returnCurrent';
	download?: DownloadChoice;
	samples: ProgressSample[];
	last?: Video;
	serverHintMs?: number;
	/** The interval the credential's server asks for (OpenRouter: 10–30 s). */
	advisedMs?: { minMs: number; maxMs: number };
	nextPollAt: number;
	/** Where its looks fall among its batch's (poll.ts `PollTiming.phase`), set by the wait. */
	phase: number;
	/** The job's `created_at` in ms, from the last read or what was known before the first. */
	createdAtMs?: number;
	/** What it renders (model, seconds, size): jobs alike finish alike. */
	renderKey?: string;
	/** When a finished sibling predicts it finishes (poll.ts `PollTiming.expectedEndMs`). */
	expectedEndAt?: number;
	polls: number;
	downloading?: Promise<void>;
	outcome?: ItemOutcome;
}

function readWaitLimits(ctx: IExecuteFunctions, itemIndex: number, options: WaitOptions) {
	const node = ctx.getNode();
	const maxWait = Number(options.maxWaitSeconds ?? 900);
	if (!Number.isFinite(maxWait) || maxWait <= 0) {
		throw inputError(
			node,
			itemIndex,
			'Max Wait (Seconds)',
			`${maxWait} is not a positive number of seconds`,
			'Use for example 900 (15 minutes).',
		);
	}
	const interval = Number(options.pollIntervalSeconds ?? 0);
	if (!Number.isFinite(interval) || interval < 0) {
		throw inputError(
			node,
			itemIndex,
			'Poll Interval (Seconds)',
			`${interval} is not a number of seconds`,
			'Use 0 for automatic, or a positive number.',
		);
	}
	const onTimeout = options.onTimeout ?? 'error';
	if (onTimeout !== 'error' && onTimeout !== 'returnCurrent') {
		throw inputError(
			node,
			itemIndex,
			'On Timeout',
			`"${onTimeout}" is not a choice`,
			'Use error or returnCurrent.',
		);
	}
	return { maxWaitMs: maxWait * 1000, fixedIntervalMs: interval * 1000, onTimeout } as const;
}

/** What a read of `video` tells the schedule: when the job was created and what it renders. */
export function noteVideo(job: Job, video: Video) {
	job.last = video;
	if (typeof video.created_at === 'number') job.createdAtMs = video.created_at * 1000;
	job.renderKey = [video.model, video.seconds, video.size].map(String).join(' ');
}

/** `json` as the job `videoId` still running, when it is one (Create's output, say); else undefined. */
function runningVideo(json: IDataObject | undefined, videoId: string): Video | undefined {
	if (!json || json.id !== videoId || typeof json.created_at !== 'number') return undefined;
	return json.status === 'queued' || json.status === 'in_progress' ? (json as Video) : undefined;
}

/**
 * A job to wait for: `videoId` with Wait for Completion's options (Create's Wait for Completion
 * option passes its own: the defaults, downloading the video into `data`). `known` is the job as
 * last seen (Create's answer, the input item): a running job with its `created_at` is first read
 * when it can have finished, not at once (docs/protocol.md rule 25).
 */
export function newJob(
	ctx: IExecuteFunctions,
	itemIndex: number,
	videoId: string,
	options: WaitOptions,
	known?: IDataObject,
): Job {
	const limits = readWaitLimits(ctx, itemIndex, options);
	const job: Job = {
		itemIndex,
		videoId,
		...limits,
		download: options.download ? readDownloadChoice(ctx, itemIndex, options) : undefined,
		samples: [],
		nextPollAt: clock.now(),
		phase: 0,
		polls: 0,
	};
	const running = runningVideo(known, videoId);
	if (running) noteVideo(job, running);
	return job;
}

/** A Wait for Completion item's job, from its Video ID and options. */
export function readJob(ctx: IExecuteFunctions, itemIndex: number): Job {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as WaitOptions;
	const input = ctx.getInputData()[itemIndex]?.json;
	return newJob(ctx, itemIndex, readVideoId(ctx, itemIndex), options, input);
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

function describe(job: Job, video: Video, startedAt: number): string {
	const progress = typeof video.progress === 'number' ? `${video.progress}%` : 'unknown';
	return `last status ${video.status}, progress ${progress}, waited ${seconds(clock.now() - startedAt)} s, ${job.polls} status checks`;
}

export function finishedItem(
	job: Job,
	video: Video,
	startedAt: number,
	timedOut = false,
): INodeExecutionData {
	const wait = {
		waited_seconds: seconds(clock.now() - startedAt),
		polls: job.polls,
		timed_out: timedOut,
	};
	return { json: { ...video, wait }, pairedItem: { item: job.itemIndex } };
}

export function jobFailure(ctx: IExecuteFunctions, job: Job, video: Video): NodeOperationError {
	const reason = video.error
		? `${video.error.message} (code ${video.error.code})`
		: 'no reason given'; // a last resort: normaliseVideo gives every failed job an error
	const error = new NodeOperationError(
		ctx.getNode(),
		`Video ${video.id} ${video.status}: ${reason}`,
		{
			itemIndex: job.itemIndex,
			description: `The server reported status "${video.status}" for video ${video.id}. Moderation blocks are common: rephrase the prompt and create it again.`,
		},
	);
	error.context.video = video;
	return error;
}

export function timeoutFailure(
	ctx: IExecuteFunctions,
	job: Job,
	video: Video,
	startedAt: number,
): NodeOperationError {
	const error = new NodeOperationError(
		ctx.getNode(),
		`Video ${job.videoId} did not finish within ${seconds(job.maxWaitMs)} s (${describe(job, video, startedAt)})`,
		{
			itemIndex: job.itemIndex,
			description:
				'The job may still finish: raise Max Wait, or set On Timeout to "Return the Current Video" and check again later with Get or another Wait for Completion.',
		},
	);
	error.context.video = video;
	return error;
}

/** A gateway's id can run to 120 characters: its end tells jobs apart. */
const shortId = (id: string) => (id.length > 16 ? `…${id.slice(-8)}` : id);

/**
 * A waiting job's state. Every waiting job has been read, or is known from its input (a job known
 * to be running is read later, `newJob`).
 */
function jobState(job: Job): string {
	const name = `item ${job.itemIndex} (${shortId(job.videoId)})`;
	if (job.downloading) return `${name}: downloading`;
	const { status, progress } = job.last!;
	return `${name}: ${status}${typeof progress === 'number' ? ` ${progress}%` : ''}`;
}

/**
 * One line per round, to n8n's debug log always and, in a manual run, to the browser's console
 * (F12 → Console; `sendMessageToUI`). n8n 2.40 gives a node no progress display in the editor
 * itself: its other channel, `sendChunk`, streams to a chat or webhook response only.
 */
export function reportProgress(ctx: IExecuteFunctions, jobs: Job[], startedAt: number) {
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
