import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseErrorBody, redact } from '../helpers/errors';
import { sniffMediaType } from '../helpers/media';
import { findContentUrl } from '../helpers/video';
import { peekWatched, readAll } from './body';
import { apiError, transientFailure } from './errors';
import { answerOf, headerValue, isJsonLike, isSuccess, parseJson, saysHtml } from './response';
import { retryUntilSettled, type AnswerRule, type Attempt } from './retry';
import { resolveTarget, send } from './send';
import { transportSettings } from './settings';
import { storeDecoded, storeStream, videoVariantInstead } from './store';
import type { DownloadContext, RawResponse, Session, Target } from './types';

export type Variant = 'video' | 'thumbnail' | 'spritesheet';

export interface DownloadRequest {
	/** The content route below the base URL and its query, as the videos client builds them. */
	path: string;
	qs: IDataObject;
	videoId: string;
	variant: Variant;
	/** The stored file's name; without an extension, the file's own is added. */
	fileName: string;
	itemIndex: number;
	/** What the user asked for, for messages. */
	action: string;
	/**
	 * The URL on the last polled job object, tried when the content route has nothing
	 * (docs/protocol.md rule 30).
	 */
	fallbackUrl?: string | null;
}

/** A place the file may be, and how its failed answers are judged. */
interface ContentSource {
	url: string;
	answerRule?: AnswerRule;
}

const errorPageBytes = 64 * 1024;

/**
 * How servers say a completed job's file is not (yet) there: 400 new-api, 404 vLLM-Omni, 409, 422;
 * 405/501 no route.
 */
const contentNotThereStatuses = new Set([400, 404, 405, 409, 422, 501]);

/**
 * The job said completed, yet the content route has nothing (docs/protocol.md rule 30): the file
 * may still be on its way (three tries in all), or the route is missing. Then the job's own URL
 * is next, when it has one; without one, the answer is judged by its status as usual.
 */
function contentRouteRule(hasFallback: boolean): AnswerRule {
	return (answer, retriesDone) => {
		if (!contentNotThereStatuses.has(answer.status)) return undefined;
		if (retriesDone < 2) return true;
		return hasFallback ? false : undefined;
	};
}

/** Where the file may be, in the order to try them: the content route, then the job's own URL. */
function contentSources(target: Target, download: DownloadRequest): ContentSource[] {
	const query = new URLSearchParams({ ...target.extraQuery, ...download.qs } as Record<
		string,
		string
	>);
	const route = `${target.baseUrl}${download.path}${query.size ? `?${query.toString()}` : ''}`;
	const fallback =
		download.fallbackUrl && download.fallbackUrl !== route ? download.fallbackUrl : undefined;
	const sources: ContentSource[] = [
		{ url: route, answerRule: contentRouteRule(Boolean(fallback)) },
	];
	if (fallback) sources.push({ url: fallback });
	return sources;
}

/**
 * The job is completed (callers check), so a 400 or 404 for an image variant means the server
 * makes none (SGLang answers 404; docs/protocol.md rule 29): asking again would not change that.
 */
function refuseMissingVariant(
	session: Session<DownloadContext>,
	download: DownloadRequest,
	status: number,
	bytes: Buffer,
) {
	if (download.variant === 'video' || (status !== 400 && status !== 404)) return;
	const said = parseErrorBody(parseJson(bytes)).message;
	throw new NodeOperationError(
		session.ctx.getNode(),
		`This server has no "${download.variant}" variant: it answered HTTP ${status}${said ? ` (${redact(said, session.target.apiKey)})` : ''}`,
		{
			itemIndex: download.itemIndex,
			description: videoVariantInstead,
		},
	);
}

/** Follows redirects; each hop is sent with the key only when it is on the configured origin. */
async function contentResponse(
	session: Session<DownloadContext>,
	url: string,
): Promise<RawResponse> {
	let current = url;
	for (let hops = 0; hops <= transportSettings.maxRedirects; hops++) {
		// Media files are compressed already: asking for them as they are keeps their length checkable.
		const headers = { accept: 'application/binary', 'accept-encoding': 'identity' };
		const response = await send(session, current, { method: 'GET', headers });
		const location = headerValue(response.headers, 'location');
		if (response.statusCode < 300 || response.statusCode >= 400 || !location) return response;
		response.body.resume();
		current = new URL(location, current).toString();
	}
	throw transientFailure(
		session.ctx.getNode(),
		`more than ${transportSettings.maxRedirects} redirects`,
		'connection',
	);
}

/**
 * Reads a 2xx content answer (docs/protocol.md rule 27): the file itself is stored; JSON carries
 * the file in base64 or the `next` URL to fetch; an HTML page or other JSON is an error.
 */
async function readContent(
	session: Session<DownloadContext>,
	download: DownloadRequest,
	response: RawResponse,
): Promise<{ result: IBinaryData } | { next: string }> {
	const read = async (maxBytes: number) =>
		answerOf(response, await readAll(session, response, maxBytes));
	const head = await peekWatched(session.ctx.getNode(), response);
	if (head.length === 0) {
		throw apiError(session, answerOf(response, head), 'the server sent an empty file');
	}
	const media = sniffMediaType(head);
	if (media || !isJsonLike(response.headers, head)) {
		if (!media && saysHtml(response.headers)) {
			throw apiError(session, await read(errorPageBytes));
		}
		return { result: await storeStream(session, download, response, head) };
	}
	const json = await read(transportSettings.maxJsonBytes);
	const body = parseJson(json.bytes) ?? {};
	const base64 = body.b64_json ?? body.base64;
	if (typeof base64 === 'string') {
		return { result: await storeDecoded(session, download, Buffer.from(base64, 'base64')) };
	}
	const next = findContentUrl(body);
	if (!next) {
		throw apiError(session, json, 'the server answered JSON with neither the file nor a URL to it');
	}
	return { next };
}

/**
 * One try at one source: its redirects and JSON indirections, up to the file or a failed answer.
 */
async function fetchContent(
	session: Session<DownloadContext>,
	download: DownloadRequest,
	url: string,
): Promise<Attempt<IBinaryData>> {
	let contentUrl = url;
	for (let indirections = 0; indirections <= transportSettings.maxRedirects; indirections++) {
		const response = await contentResponse(session, contentUrl);
		if (!isSuccess(response.statusCode)) {
			const bytes = await readAll(session, response, errorPageBytes);
			refuseMissingVariant(session, download, response.statusCode, bytes);
			return answerOf(response, bytes);
		}
		const read = await readContent(session, download, response);
		if ('result' in read) return read;
		contentUrl = read.next;
	}
	const message = `more than ${transportSettings.maxRedirects} indirections`;
	throw transientFailure(session.ctx.getNode(), message, 'connection');
}

/**
 * Tries the sources in turn, each with the retry rules; the last one's failed answer is the error.
 */
async function fromSources(
	session: Session<DownloadContext>,
	download: DownloadRequest,
	sources: ContentSource[],
): Promise<IBinaryData> {
	const [source, ...rest] = sources;
	const outcome = await retryUntilSettled(
		session,
		async () => await fetchContent(session, download, source.url),
		source.answerRule,
	);
	if ('result' in outcome) return outcome.result;
	if (rest.length === 0) throw apiError(session, outcome);
	return await fromSources(session, download, rest);
}

/**
 * Downloads a job's content into n8n's binary store, streamed from the socket (docs/protocol.md
 * rule 26). Follows redirects and JSON answers that carry a URL (or base64), sending the key only
 * to the configured origin.
 */
export async function downloadContent(
	ctx: DownloadContext,
	download: DownloadRequest,
): Promise<IBinaryData> {
	const target = await resolveTarget(ctx, download.itemIndex);
	const session: Session<DownloadContext> = {
		ctx,
		target,
		request: {
			method: 'GET',
			path: download.path,
			kind: 'retriable',
			itemIndex: download.itemIndex,
			action: download.action,
		},
	};
	return await fromSources(session, download, contentSources(target, download));
}
