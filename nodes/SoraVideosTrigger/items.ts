import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { DownloadContext, Videos } from '../SoraVideos/client/videos';
import type { Video } from '../SoraVideos/helpers/video';
import type { TriggerSettings } from './settings';

/** Statuses after which asking again may succeed (docs/protocol.md rule 22). */
const passingStatuses = new Set([408, 409, 429]);

/**
 * Whether a download failure will repeat however often it is tried: the server refused the file
 * (a 4xx other than 408/409/429: expired or deleted content) or has no such variant. Network
 * failures and 5xx answers pass; the transport has retried those already.
 */
function lastsForever(error: unknown): boolean {
	if (error instanceof NodeApiError) {
		if (error.context.transient === true) return false;
		const status = Number(error.httpCode);
		return status >= 400 && status < 500 && !passingStatuses.has(status);
	}
	return error instanceof NodeOperationError;
}

/** The error to throw on: n8n's node errors as they are (their constructors hand them back), anything else wrapped. */
export function nodeErrorOf(node: INode, error: unknown): NodeApiError | NodeOperationError {
	return error instanceof NodeApiError ? error : new NodeOperationError(node, error as Error);
}

/**
 * One output item per job: the job as the list gave it, and with Download its file. A file that
 * can never be fetched does not hold the trigger up: the job is emitted with `downloadError`. Any
 * other failure fails the poll before anything is recorded, so the next poll tries again.
 */
export async function itemFor(
	ctx: DownloadContext,
	client: Videos<DownloadContext>,
	video: Video,
	settings: TriggerSettings,
): Promise<INodeExecutionData> {
	const { download } = settings;
	if (!download || video.status !== 'completed') return { json: video };
	try {
		const binary = await client.downloadContent(video, download.variant, download.fileName);
		return { json: video, binary: { [download.property]: binary } };
	} catch (error) {
		if (!lastsForever(error)) throw nodeErrorOf(ctx.getNode(), error);
		const { message, description } = error as NodeApiError | NodeOperationError;
		const downloadError: IDataObject = { message, description: description ?? null };
		return { json: { ...video, downloadError } };
	}
}
