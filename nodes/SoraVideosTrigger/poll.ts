import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isMissingRoute } from '../SoraVideos/client/hints';
import { videos, type DownloadContext, type Videos } from '../SoraVideos/client/videos';
import { clock } from '../SoraVideos/helpers/clock';
import { missingOperation, SERVER_TRAITS } from '../SoraVideos/helpers/servers';
import type { Video } from '../SoraVideos/helpers/video';
import { finishedAt, hasFinished, matchesEvent } from './events';
import { HORIZON_SECONDS, jobsSince } from './horizon';
import { itemFor, nodeErrorOf } from './items';
import { readSettings, type TriggerSettings } from './settings';
import { keepInsideHorizon, recordSeen, seenJobsOf, storeSeenJobs } from './state';

/** The most jobs one poll emits; the rest wait for the next poll (not recorded, so not lost). */
export const MAX_EMITTED = 100;

export const LOOP_PATTERN =
	'For a server without a list, use the loop pattern: Create → Wait (longer than 65 s, so n8n parks the execution) → Get → If completed → Download, else back to the Wait (examples/long-render-loop.json, docs/trigger.md).';

/**
 * Poll contexts that have polled. n8n builds one context per activation and polls with it until
 * the workflow is deactivated, so the first poll of a context is its activation's.
 */
const polledContexts = new WeakSet<object>();
/** Contexts with a poll still running: a slow poll (downloads) must not overlap the next one. */
const pollingContexts = new WeakSet<object>();

type Client = Videos<IPollFunctions & DownloadContext>;

/** The jobs created inside the horizon; a server without a list is refused with the loop pattern. */
async function listJobs(ctx: IPollFunctions, client: Client, cutoff: number): Promise<Video[]> {
	const server = await client.server();
	if (missingOperation(server, 'video', 'getMany')) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The Sora Videos Trigger needs a server that lists its jobs, and the credential's Server (${SERVER_TRAITS[server].name}) has no list (GET /videos)`,
			{ description: LOOP_PATTERN },
		);
	}
	try {
		return await jobsSince(client, cutoff);
	} catch (error) {
		if (error instanceof NodeApiError && isMissingRoute(Number(error.httpCode)))
			error.description = [error.description, LOOP_PATTERN].filter(Boolean).join(' ');
		throw nodeErrorOf(ctx.getNode(), error);
	}
}

/** The editor's "Fetch Test Event": the newest job of the event, or why there is none. */
async function newestFinished(
	ctx: IPollFunctions,
	client: Client,
	cutoff: number,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][]> {
	const matching = (await listJobs(ctx, client, cutoff)).filter((video) =>
		matchesEvent(video, settings.event),
	);
	const newest = matching.sort((a, b) => finishedAt(b) - finishedAt(a))[0];
	if (!newest) {
		throw new NodeOperationError(
			ctx.getNode(),
			`No ${settings.event} video job on this server in the last 24 hours yet`,
			{
				description:
					'Create a video with the Sora Videos node, let it finish and fetch a test event again. Once the workflow is active, the trigger starts it once for each job that finishes.',
			},
		);
	}
	return [[await itemFor(ctx, client, newest, settings)]];
}

/**
 * One poll of an active workflow: the finished jobs not handled yet, oldest first. At activation
 * (or before any state exists) they are recorded without being emitted, unless Include Earlier.
 * The record changes only after every item is ready, so a failed poll loses nothing.
 */
async function emitNewlyFinished(
	ctx: IPollFunctions,
	client: Client,
	settings: TriggerSettings,
	nowSeconds: number,
): Promise<INodeExecutionData[][] | null> {
	const cutoff = nowSeconds - HORIZON_SECONDS;
	const activating =
		!polledContexts.has(ctx) && ['activate', 'create'].includes(ctx.getActivationMode());
	polledContexts.add(ctx);
	const listed = await listJobs(ctx, client, cutoff);
	const staticData = ctx.getWorkflowStaticData('node');
	const recorded = seenJobsOf(staticData);
	const seen = recorded ?? {};
	const fresh = listed.filter((video) => hasFinished(video) && !Object.hasOwn(seen, video.id));
	const quiet = (activating || recorded === undefined) && !settings.includeEarlier;
	const wanted = quiet
		? []
		: // Lists are newest first: reversed, jobs that finished in the same second keep their age order.
			[...fresh]
				.reverse()
				.filter((video) => matchesEvent(video, settings.event))
				.sort((a, b) => finishedAt(a) - finishedAt(b));
	const emitted = wanted.slice(0, MAX_EMITTED);
	const items: INodeExecutionData[] = [];
	for (const video of emitted) items.push(await itemFor(ctx, client, video, settings));
	const postponed = new Set(wanted.slice(MAX_EMITTED));
	recordSeen(
		seen,
		fresh.filter((video) => !postponed.has(video)),
		nowSeconds,
	);
	keepInsideHorizon(seen, listed, nowSeconds, cutoff);
	storeSeenJobs(staticData, seen);
	return items.length > 0 ? [items] : null;
}

export async function pollFinishedJobs(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(this);
	const client = videos(this);
	const nowSeconds = Math.floor(clock.now() / 1000);
	if (this.getMode() === 'manual')
		return await newestFinished(this, client, nowSeconds - HORIZON_SECONDS, settings);
	if (pollingContexts.has(this)) {
		this.logger.warn('Sora Videos Trigger: the previous poll is still running; skipping this one');
		return null;
	}
	pollingContexts.add(this);
	try {
		return await emitNewlyFinished(this, client, settings, nowSeconds);
	} finally {
		pollingContexts.delete(this);
	}
}
