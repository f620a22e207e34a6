import { Readable, Transform, pipeline } from 'node:stream';
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { clock } from '../helpers/clock';
import { parseErrorBody, redact, snippet } from '../helpers/errors';
import { sniffMediaType } from '../helpers/media';
import {
	backoffDelayMs,
	isRetriableStatus,
	retryPolicy,
	serverRetryDelayMs,
	serverRetryVerdict,
} from '../helpers/retry';
import { findContentUrl } from '../helpers/video';

export const CREDENTIAL_NAME = 'soraVideosApi';

/** Limits of the transport; tests shorten the idle timeout so a stalled body is noticed quickly. */
export const transportSettings = {
	/** A body that sends nothing for this long is abandoned (and retried when it is a read). */
	idleTimeoutMs: 60000,
	/** Time allowed until the response headers arrive. */
	responseTimeoutMs: 300000,
	/** A JSON answer larger than this is not a job object: refuse it instead of filling memory. */
	maxJsonBytes: 16 * 1024 * 1024,
	maxRedirects: 5,
};

export type RequestKind = 'read' | 'paid';

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, ids already encoded with `encodeVideoId`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | FormData;
	/** `paid` requests start a billed job: sent once, repeated only on 429 or a refused connection. */
	kind: RequestKind;
	itemIndex: number;
	/** What the user asked for, for messages: "Create", "Get video video_123"… */
	action: string;
	/** A hint for the status the operation understands better (unsupported route, retired model…). */
	explain?: (status: number, body: IDataObject) => string | undefined;
}

export interface ApiResponse {
	body: IDataObject;
	headers: IDataObject;
	statusCode: number;
}

interface RawResponse {
	statusCode: number;
	headers: IDataObject;
	body: Readable;
	url: string;
}

interface Target {
	baseUrl: string;
	origin: string;
	apiKey: string;
	extraQuery: IDataObject;
}

/** Ids are opaque: `:`, `=`, `+` and `/` all travel inside one path segment. */
export function encodeVideoId(id: string): string {
	return encodeURIComponent(id);
}

async function resolveTarget(ctx: IExecuteFunctions, itemIndex: number): Promise<Target> {
	const credentials = await ctx.getCredentials(CREDENTIAL_NAME, itemIndex);
	const configured = String(credentials.baseUrl ?? '').trim();
	let url: URL;
	try {
		url = new URL(configured);
	} catch {
		url = new URL('invalid:');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new NodeOperationError(
			ctx.getNode(),
			`The credential's Base URL "${configured}" is not an http(s) URL`,
			{ itemIndex, description: 'Set it to the server\'s API root, for example https://api.example.com/v1 or http://127.0.0.1:4010/v1.' },
		);
	}
	const extraQuery: IDataObject = {};
	new URLSearchParams(String(credentials.queryParameters ?? '')).forEach((value, key) => {
		extraQuery[key] = value;
	});
	return {
		baseUrl: configured.replace(/\/+$/, ''),
		origin: url.origin,
		apiKey: String(credentials.apiKey ?? ''),
		extraQuery,
	};
}

function throwIfCancelled(ctx: IExecuteFunctions, itemIndex: number) {
	if (ctx.getExecutionCancelSignal()?.aborted) {
		throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled', { itemIndex });
	}
}

const baseOptions = {
	encoding: 'stream',
	returnFullResponse: true,
	ignoreHttpStatusErrors: true,
	disableFollowRedirect: true,
} as const;

async function sendWithCredentials(ctx: IExecuteFunctions, options: IHttpRequestOptions): Promise<RawResponse> {
	const response = await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_NAME, {
		...options,
		...baseOptions,
		timeout: transportSettings.responseTimeoutMs,
	});
	return { ...response, url: options.url } as RawResponse;
}

/** For URLs on another origin (a CDN, a storage bucket): the key never leaves the configured server. */
async function sendWithoutCredentials(ctx: IExecuteFunctions, url: string): Promise<RawResponse> {
	const response = await ctx.helpers.httpRequest({
		url,
		method: 'GET',
		...baseOptions,
		timeout: transportSettings.responseTimeoutMs,
		abortSignal: ctx.getExecutionCancelSignal(),
	});
	return { ...response, url } as RawResponse;
}

function headerValue(headers: IDataObject, name: string): string | undefined {
	const value = headers[name];
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * Passes a response body through, failing it when it stalls for `idleTimeoutMs`, grows past
 * `maxBytes`, or ends before its Content-Length: a short file must never be stored as a whole one.
 */
function guardBody(source: Readable, expectedLength: number | undefined, maxBytes = Infinity): Readable {
	let received = 0;
	let lastActivity = Date.now();
	const guard = new Transform({
		transform(chunk: Buffer, _encoding, done) {
			received += chunk.length;
			lastActivity = Date.now();
			if (received > maxBytes) done(new Error(`the answer is larger than ${maxBytes} bytes`));
			else done(null, chunk);
		},
		flush(done) {
			if (expectedLength !== undefined && received !== expectedLength) {
				done(new Error(`the body ended after ${received} of ${expectedLength} bytes (truncated)`));
			} else done();
		},
	});
	const watchdog = new AbortController();
	pipeline(source, guard, () => watchdog.abort());
	// The watchdog measures real time on purpose: it guards a socket, not the job's schedule.
	void (async () => {
		const idleMs = transportSettings.idleTimeoutMs;
		while (!watchdog.signal.aborted) {
			try {
				await sleep(Math.max(5, idleMs / 4), watchdog.signal);
			} catch {
				return;
			}
			if (Date.now() - lastActivity > idleMs) {
				guard.destroy(new Error(`the body stalled: nothing received for ${idleMs} ms`));
				return;
			}
		}
	})();
	return guard;
}

function contentLength(headers: IDataObject): number | undefined {
	const value = Number.parseInt(headerValue(headers, 'content-length') ?? '', 10);
	return Number.isFinite(value) && value >= 0 ? value : undefined;
}

async function readAll(response: RawResponse, maxBytes: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of guardBody(response.body, contentLength(response.headers), maxBytes)) {
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

/** A failure of the network or of a body, as opposed to an HTTP status the server chose. */
class TransientFailure extends Error {
	constructor(
		message: string,
		readonly neverReachedServer: boolean,
	) {
		super(message);
	}
}

function describeNetworkError(error: unknown): TransientFailure {
	const codes: string[] = [];
	const messages: string[] = [];
	let current = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		if (typeof current.code === 'string') codes.push(current.code);
		if (typeof current.message === 'string') messages.push(current.message);
		current = current.cause as typeof current;
	}
	const all = `${codes.join(' ')} ${messages.join(' ')}`;
	const refused = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(all);
	return new TransientFailure(messages[0] ?? codes[0] ?? 'the connection failed', refused);
}

function isJsonLike(headers: IDataObject, bytes: Buffer): boolean {
	const type = headerValue(headers, 'content-type') ?? '';
	if (/json/i.test(type)) return true;
	const first = bytes.subarray(0, 64).toString('utf8').trimStart()[0];
	return !/html/i.test(type) && (first === '{' || first === '[');
}

function parseJson(bytes: Buffer): IDataObject | undefined {
	try {
		const parsed: unknown = JSON.parse(bytes.toString('utf8'));
		return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

interface Session {
	ctx: IExecuteFunctions;
	target: Target;
	request: ApiRequest;
}

function apiError(session: Session, status: number, headers: IDataObject, bytes: Buffer): NodeApiError {
	const { ctx, target, request } = session;
	const requestId = headerValue(headers, 'x-request-id');
	const raw = redact(bytes.subarray(0, 4096).toString('utf8'), target.apiKey);
	const isHtml = /html/i.test(headerValue(headers, 'content-type') ?? '') || /^\s*<(!doctype|html)/i.test(raw);
	const body = parseJson(bytes) ?? {};
	const parsed = parseErrorBody(body);
	const serverMessage = parsed.message ? redact(parsed.message, target.apiKey) : undefined;
	const message = `${request.action} failed: ${
		serverMessage ?? (isHtml ? 'the server answered with an HTML page' : `HTTP ${status}`)
	}`;
	const hints = [
		request.explain?.(status, body),
		isHtml ? 'An HTML page instead of JSON usually means a proxy error or a wrong Base URL in the credential (it should end with the API root, such as /v1).' : undefined,
	].filter(Boolean);
	const details = [
		`HTTP ${status}`,
		parsed.code ? `code ${parsed.code}` : undefined,
		parsed.type ? `type ${parsed.type}` : undefined,
		parsed.param ? `param ${parsed.param}` : undefined,
		requestId ? `request id ${requestId}` : undefined,
	].filter(Boolean);
	const description = [...hints, `${details.join(', ')}.`, raw ? `Server said: ${snippet(raw)}` : undefined]
		.filter(Boolean)
		.join(' ');
	const errorResponse: JsonObject = {
		message: serverMessage ?? null,
		code: parsed.code,
		type: parsed.type,
		param: parsed.param,
		httpCode: String(status),
		requestId: requestId ?? null,
	};
	const error = new NodeApiError(ctx.getNode(), errorResponse, {
		message,
		description,
		httpCode: String(status),
		itemIndex: request.itemIndex,
	});
	error.context.requestId = requestId;
	error.context.httpCode = status;
	return error;
}

function failureError(session: Session, failure: TransientFailure): NodeApiError {
	const { ctx, target, request } = session;
	const ambiguous = request.kind === 'paid' && !failure.neverReachedServer;
	const description = ambiguous
		? 'The connection broke after the request was sent, so the server may have started the job (and may bill it). It was not sent again to avoid a duplicate. Use Get Many (or your server\'s dashboard) to find a job with this prompt before retrying.'
		: `Check that the credential's Base URL (${target.baseUrl}) is reachable from n8n.`;
	const error = new NodeApiError(
		ctx.getNode(),
		{ message: redact(failure.message, target.apiKey) },
		{
			message: `${request.action} failed: ${redact(failure.message, target.apiKey)}`,
			description,
			itemIndex: request.itemIndex,
		},
	);
	error.context.mayHaveStartedJob = ambiguous;
	return error;
}

/** Sleeps before the next attempt, or says there is none left. */
async function pauseBeforeRetry(session: Session, retriesDone: number, headers?: IDataObject): Promise<boolean> {
	if (retriesDone >= retryPolicy.maxRetries) return false;
	const delay = (headers && serverRetryDelayMs(headers, clock.now())) ?? backoffDelayMs(retriesDone);
	session.ctx.logger.debug(`Sora Videos: retrying ${session.request.action} in ${Math.round(delay)} ms`);
	throwIfCancelled(session.ctx, session.request.itemIndex);
	await clock.sleep(delay, session.ctx.getExecutionCancelSignal());
	return true;
}

/**
 * Runs `attempt` with the retry rules of the request's kind. `attempt` returns a result, or an
 * HTTP failure to judge by its status, or throws a TransientFailure (network, stall, truncation).
 */
async function withRetries<T>(
	session: Session,
	attempt: () => Promise<{ result: T } | { status: number; headers: IDataObject; bytes: Buffer }>,
): Promise<T> {
	const { ctx, request } = session;
	for (let retriesDone = 0; ; retriesDone++) {
		throwIfCancelled(ctx, request.itemIndex);
		let outcome: Awaited<ReturnType<typeof attempt>>;
		try {
			outcome = await attempt();
		} catch (error) {
			throwIfCancelled(ctx, request.itemIndex);
			if (!(error instanceof TransientFailure)) throw error;
			const retriable = request.kind === 'read' || error.neverReachedServer;
			if (retriable && (await pauseBeforeRetry(session, retriesDone))) continue;
			throw failureError(session, error);
		}
		if ('result' in outcome) return outcome.result;
		const verdict = serverRetryVerdict(outcome.headers) ?? isRetriableStatus(outcome.status, request.kind);
		if (verdict && (await pauseBeforeRetry(session, retriesDone, outcome.headers))) continue;
		throw apiError(session, outcome.status, outcome.headers, outcome.bytes);
	}
}

async function send(session: Session, url: string, options: Partial<IHttpRequestOptions> = {}): Promise<RawResponse> {
	const { ctx, target } = session;
	try {
		if (new URL(url).origin === target.origin) return await sendWithCredentials(ctx, { url, ...options });
		return await sendWithoutCredentials(ctx, url);
	} catch (error) {
		throwIfCancelled(ctx, session.request.itemIndex);
		throw describeNetworkError(error);
	}
}

async function readOrFail(response: RawResponse, maxBytes: number): Promise<Buffer> {
	try {
		return await readAll(response, maxBytes);
	} catch (error) {
		throw new TransientFailure((error as Error).message, false);
	}
}

/** Sends an API call and returns its JSON answer, retrying as the request's kind allows. */
export async function apiRequest(ctx: IExecuteFunctions, request: ApiRequest): Promise<ApiResponse> {
	const target = await resolveTarget(ctx, request.itemIndex);
	const session: Session = { ctx, target, request };
	return await withRetries<ApiResponse>(session, async () => {
		const response = await send(session, `${target.baseUrl}${request.path}`, {
			method: request.method,
			qs: { ...target.extraQuery, ...request.qs },
			body: request.body as IHttpRequestOptions['body'],
			headers: { accept: 'application/json' },
		});
		const bytes = await readOrFail(response, transportSettings.maxJsonBytes);
		if (response.statusCode < 200 || response.statusCode >= 300) {
			return { status: response.statusCode, headers: response.headers, bytes };
		}
		const body = bytes.length === 0 ? {} : parseJson(bytes);
		if (!body) {
			const error = apiError(session, response.statusCode, response.headers, bytes);
			error.message = `${request.action} failed: the server's answer is not JSON`;
			throw error;
		}
		return { result: { body, headers: response.headers, statusCode: response.statusCode } };
	});
}

export type Variant = 'video' | 'thumbnail' | 'spritesheet';

export interface DownloadRequest {
	videoId: string;
	variant: Variant;
	itemIndex: number;
	/** URL fields of the last polled job object, a fallback when `/content` fails (api-contract rule 28). */
	fallbackUrl?: string | null;
}

const defaultExtensions: Record<Variant, string> = { video: 'mp4', thumbnail: 'webp', spritesheet: 'jpg' };

function safeFileName(id: string, extension: string): string {
	return `${id.replace(/[^A-Za-z0-9._-]+/g, '_')}.${extension}`;
}

/** Reads the first bytes to learn the real media type, then hands on a stream of the whole body. */
async function peekHead(body: Readable): Promise<{ head: Buffer; stream: Readable }> {
	const iterator = body[Symbol.asyncIterator]();
	const chunks: Buffer[] = [];
	let size = 0;
	let finished = false;
	while (size < 16) {
		const next = await iterator.next();
		if (next.done) {
			finished = true;
			break;
		}
		chunks.push(next.value as Buffer);
		size += (next.value as Buffer).length;
	}
	const head = Buffer.concat(chunks);
	async function* replay() {
		yield head;
		if (finished) return;
		for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
	}
	return { head, stream: Readable.from(replay()) };
}

async function contentResponse(session: Session, url: string): Promise<RawResponse> {
	let current = url;
	for (let hops = 0; hops <= transportSettings.maxRedirects; hops++) {
		const response = await send(session, current, { method: 'GET', headers: { accept: 'application/binary' } });
		const location = headerValue(response.headers, 'location');
		if (response.statusCode < 300 || response.statusCode >= 400 || !location) return response;
		response.body.resume();
		current = new URL(location, current).toString();
	}
	throw new TransientFailure(`more than ${transportSettings.maxRedirects} redirects`, false);
}

async function collect(stream: Readable, maxBytes: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of stream) {
			size += (chunk as Buffer).length;
			if (size > maxBytes) throw new Error(`the answer is larger than ${maxBytes} bytes`);
			chunks.push(chunk as Buffer);
		}
	} catch (error) {
		throw new TransientFailure((error as Error).message, false);
	}
	return Buffer.concat(chunks);
}

/**
 * Downloads a job's content into n8n's binary store, streamed from the socket. Follows redirects
 * and JSON answers that carry a URL (or base64), sending the key only to the configured origin.
 */
export async function downloadContent(ctx: IExecuteFunctions, download: DownloadRequest): Promise<IBinaryData> {
	const target = await resolveTarget(ctx, download.itemIndex);
	const request: ApiRequest = {
		method: 'GET',
		path: `/videos/${encodeVideoId(download.videoId)}/content`,
		kind: 'read',
		itemIndex: download.itemIndex,
		action: `Download of the ${download.variant} of video ${download.videoId}`,
	};
	const session: Session = { ctx, target, request };
	const query = new URLSearchParams(target.extraQuery as Record<string, string>);
	if (download.variant !== 'video') query.set('variant', download.variant);
	let url = `${target.baseUrl}${request.path}${query.size ? `?${query.toString()}` : ''}`;
	let failuresOfContentRoute = 0;

	const store = async (body: Readable, head: Buffer, serverType: string | undefined) => {
		const media = sniffMediaType(head);
		if (media?.mimeType === 'video/mp4' && download.variant !== 'video') {
			body.destroy();
			throw new NodeOperationError(
				ctx.getNode(),
				`This server ignores the "${download.variant}" variant: it sent the MP4 video instead`,
				{
					itemIndex: download.itemIndex,
					description: 'Download the video variant, or make the image from the video in a later step.',
				},
			);
		}
		const mimeType = media?.mimeType ?? serverType ?? 'application/octet-stream';
		const fileName = safeFileName(download.videoId, media?.extension ?? defaultExtensions[download.variant]);
		try {
			return await ctx.helpers.prepareBinaryData(body, fileName, mimeType);
		} catch (error) {
			throwIfCancelled(ctx, download.itemIndex);
			throw new TransientFailure((error as Error).message, false);
		}
	};

	return await withRetries<IBinaryData>(session, async () => {
		let contentUrl = url;
		for (let indirections = 0; indirections <= transportSettings.maxRedirects; indirections++) {
			const response = await contentResponse(session, contentUrl);
			if (response.statusCode < 200 || response.statusCode >= 300) {
				const bytes = await readOrFail(response, 64 * 1024);
				const routeFailed = [404, 405, 409, 501].includes(response.statusCode);
				if (routeFailed && download.fallbackUrl && ++failuresOfContentRoute >= 2) {
					url = download.fallbackUrl;
					throw new TransientFailure(`/content answered ${response.statusCode}; the job's own URL is tried next`, false);
				}
				return { status: response.statusCode, headers: response.headers, bytes };
			}
			const serverType = headerValue(response.headers, 'content-type');
			const { head, stream } = await peekHead(guardBody(response.body, contentLength(response.headers))).catch(
				(error: Error) => {
					throw new TransientFailure(error.message, false);
				},
			);
			if (sniffMediaType(head) || !isJsonLike(response.headers, head)) {
				if (!sniffMediaType(head) && /html/i.test(serverType ?? '')) {
					throw apiError(session, response.statusCode, response.headers, await collect(stream, 64 * 1024));
				}
				return { result: await store(stream, head, serverType) };
			}
			const bytes = await collect(stream, transportSettings.maxJsonBytes);
			const body = parseJson(bytes) ?? {};
			const base64 = body.b64_json ?? body.base64;
			if (typeof base64 === 'string') {
				const decoded = Buffer.from(base64, 'base64');
				return { result: await store(Readable.from([decoded]), decoded.subarray(0, 16), undefined) };
			}
			const next = findContentUrl(body);
			if (!next) {
				const error = apiError(session, response.statusCode, response.headers, bytes);
				error.message = `${request.action} failed: the server answered JSON with neither the file nor a URL to it`;
				throw error;
			}
			contentUrl = next;
		}
		throw new TransientFailure(`more than ${transportSettings.maxRedirects} indirections`, false);
	});
}
