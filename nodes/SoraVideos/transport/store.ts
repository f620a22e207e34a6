import { NodeOperationError } from 'n8n-workflow';

import { withExtension } from '../helpers/fileName';
import { sniffMediaType } from '../helpers/media';
import { checkComplete, watchBody } from './body';
import type { DownloadRequest, Variant } from './download';
import { asTransient } from './errors';
import { headerValue } from './response';
import { throwIfCancelled } from '../helpers/cancel';
import type { DownloadContext, RawResponse, Session } from './types';

// Putting a downloaded file into n8n's binary store: streamed or decoded, named and typed from its
// bytes.

const defaultExtensions: Record<Variant, string> = {
	video: 'mp4',
	thumbnail: 'webp',
	spritesheet: 'jpg',
};

function fileNameFor(download: DownloadRequest, head: Buffer): string {
	const extension = sniffMediaType(head)?.extension ?? defaultExtensions[download.variant];
	return withExtension(download.fileName, extension);
}

/**
 * An image variant answered with the MP4 (docs/protocol.md rule 29); `unread` is a body still on
 * its way, whose connection is closed.
 */
/** What to do instead when a server makes no image variant. */
export const videoVariantInstead =
	'Download the video variant, or make the image from the video in a later step.';

function refuseIgnoredVariant(
	ctx: DownloadContext,
	download: DownloadRequest,
	head: Buffer,
	unread?: RawResponse,
) {
	if (sniffMediaType(head)?.mimeType !== 'video/mp4' || download.variant === 'video') return;
	unread?.abandon();
	throw new NodeOperationError(
		ctx.getNode(),
		`This server ignores the "${download.variant}" variant: it sent the MP4 video instead`,
		{
			itemIndex: download.itemIndex,
			description: videoVariantInstead,
		},
	);
}

/**
 * Streams the body into the binary store; the type comes from the bytes, the server's header is the
 * fallback (docs/protocol.md rule 28).
 */
export async function storeStream(
	session: Session<DownloadContext>,
	download: DownloadRequest,
	response: RawResponse,
	head: Buffer,
) {
	const { ctx } = session;
	refuseIgnoredVariant(ctx, download, head, response);
	const mimeType =
		sniffMediaType(head)?.mimeType ??
		headerValue(response.headers, 'content-type') ??
		'application/octet-stream';
	const watch = watchBody(ctx.getNode(), response);
	try {
		const body = response.body as unknown as Parameters<typeof ctx.helpers.prepareBinaryData>[0];
		const storing = ctx.helpers.prepareBinaryData(body, fileNameFor(download, head), mimeType);
		storing.catch(() => undefined);
		const binary = await Promise.race([storing, watch.stalled]);
		checkComplete(ctx.getNode(), response, watch.received());
		return binary;
	} catch (error) {
		response.abandon();
		throwIfCancelled(ctx, download.itemIndex);
		throw asTransient(ctx.getNode(), error);
	} finally {
		watch.stop();
	}
}

/** A file that came as base64 inside a JSON answer (docs/protocol.md rule 27). */
export async function storeDecoded(
	session: Session<DownloadContext>,
	download: DownloadRequest,
	decoded: Buffer,
) {
	const { ctx } = session;
	refuseIgnoredVariant(ctx, download, decoded);
	const mimeType = sniffMediaType(decoded)?.mimeType ?? 'application/octet-stream';
	return await ctx.helpers.prepareBinaryData(decoded, fileNameFor(download, decoded), mimeType);
}
