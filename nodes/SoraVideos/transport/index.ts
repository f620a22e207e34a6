import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { clock } from '../helpers/clock';
import { parseErrorBody, redact, snippet } from '../helpers/errors';
import { sniffMediaType } from '../helpers/media';
import {
	backoffDelayMs,
	isRetriableAnswer,
	retryPolicy,
	serverRetryDelayMs,
} from '../helpers/retry';
import { serverKind, type ServerKind } from '../helpers/servers';
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
	/** Query parameters the server needs unless the credential's Query Parameters set them (list hints). */
	defaultQs?: IDataObject;
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
	body: BodyStream;
	/** The Content-Length, when it counts the bytes the node reads (see `send`). */
	announcedLength?: number;
	/** Gives up on the body: closes its connection, so the node does not wait on a server that went quiet, and destroys the stream. */
	abandon(): void;
}

/** A response body as n8n's client hands it over (an IncomingMessage); typed here because nodes may not import node:stream. */
interface BodyStream extends NodeJS.ReadableStream {
	destroy(error?: Error): void;
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
	const url = URL.canParse(configured) ? new URL(configured) : undefined;
	if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
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

/** The credential's Server choice. */
export async function serverOf(ctx: IExecuteFunctions, itemIndex: number): Promise<ServerKind> {
	const credentials = await ctx.getCredentials(CREDENTIAL_NAME, itemIndex);
	return serverKind(credentials.server);
}

/** Stops the node once the execution is cancelled; `itemIndex` when one item's work is cut short. */
export function throwIfCancelled(ctx: IExecuteFunctions, itemIndex?: number) {
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

type SentResponse = Omit<RawResponse, 'abandon' | 'announcedLength'>;

/**
 * A signal that aborts one request: on the execution's cancel, or when the node abandons its body.
 * Destroying the stream n8n hands over does not reach the socket (it waits for a chunk that a
 * stalled server never sends), and n8n's client stops timing a request once its headers are in.
 */
function connectionSignal(ctx: IExecuteFunctions) {
	const connection = new AbortController();
	const cancel = ctx.getExecutionCancelSignal();
	return { signal: cancel ? AbortSignal.any([cancel, connection.signal]) : connection.signal, abort: () => connection.abort() };
}

/** Aborting first lets the destroyed stream settle: its pending read fails instead of waiting. */
function withAbandon(response: SentResponse, abort: () => void): RawResponse {
	return {
		...response,
		abandon: () => {
			abort();
			response.body.destroy();
		},
	};
}

async function sendWithCredentials(ctx: IExecuteFunctions, options: IHttpRequestOptions): Promise<RawResponse> {
	const { signal, abort } = connectionSignal(ctx);
	// n8n sets an authenticated request's signal from the calling context's cancel signal (whatever
	// the node passed), so the call runs on a view of the context whose cancel signal is this one.
	const caller = Object.create(ctx, { getExecutionCancelSignal: { value: () => signal } }) as IExecuteFunctions;
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(caller, CREDENTIAL_NAME, {
		...options,
		...baseOptions,
		timeout: transportSettings.responseTimeoutMs,
		abortSignal: signal,
	})) as SentResponse;
	return withAbandon(response, abort);
}

/** For URLs on another origin (a CDN, a storage bucket): the key never leaves the configured server. */
async function sendWithoutCredentials(ctx: IExecuteFunctions, url: string, headers: IDataObject): Promise<RawResponse> {
	const { signal, abort } = connectionSignal(ctx);
	const response = (await ctx.helpers.httpRequest({
		url,
		method: 'GET',
		headers,
		...baseOptions,
		timeout: transportSettings.responseTimeoutMs,
		abortSignal: signal,
	})) as SentResponse;
	return withAbandon(response, abort);
}

function headerValue(headers: IDataObject, name: string): string | undefined {
	const value = headers[name];
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * Watches a response body: `stalled` rejects when nothing arrives for `idleTimeoutMs`, and `received`
 * counts what arrived so a body that ends short of its Content-Length is never taken for a whole one.
 * Consumers race `stalled`: destroying n8n's body stream waits for the next chunk, which never comes.
 */
function watchBody(node: INode, response: RawResponse) {
	const source = response.body;
	let received = 0;
	let lastActivity = Date.now();
	const watchdog = new AbortController();
	source.once('close', () => watchdog.abort());
	const stalled = new Promise<never>((_resolve, reject) => {
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
					response.abandon();
					reject(bodyFailure(node, `the server stopped sending: nothing received for ${idleMs} ms`));
					return;
				}
			}
		})();
	});
	stalled.catch(() => undefined);
	countChunks(source, (chunk) => {
		received += chunk.length;
		lastActivity = Date.now();
	});
	return { stalled, received: () => received, stop: () => watchdog.abort() };
}

/**
 * Sees every chunk a consumer reads, however it reads (`for await`, `pipe`, `on('data')` as n8n's
 * in-memory and database stores do, `fs.writeFile`): each makes the stream emit 'data'. A 'data'
 * listener of our own would start the flow before the consumer listens (losing chunks), and
 * pausing the stream to prevent that leaves an `on('data')` consumer waiting forever.
 */
function countChunks(source: BodyStream, onChunk: (chunk: Buffer) => void) {
	const emit = source.emit.bind(source);
	source.emit = (event: string | symbol, ...args: unknown[]) => {
		if (event === 'data') onChunk(args[0] as Buffer);
		return emit(event, ...args);
	};
}

/** A body that ended short of the length its headers announced (when that length counts these bytes). */
function checkComplete(node: INode, response: RawResponse, received: number) {
	const expected = response.announcedLength;
	if (expected !== undefined && received !== expected) {
		throw bodyFailure(node, `the server stopped sending after ${received} of ${expected} bytes (truncated)`);
	}
}

function contentLength(headers: IDataObject): number | undefined {
	const value = Number.parseInt(headerValue(headers, 'content-length') ?? '', 10);
	return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Reads a whole (small) body: JSON answers and error pages. */
async function readAll(session: Session, response: RawResponse, maxBytes: number): Promise<Buffer> {
	const node = session.ctx.getNode();
	const watch = watchBody(node, response);
	const chunks: Buffer[] = [];
	let size = 0;
	const iterator = response.body[Symbol.asyncIterator]();
	try {
		for (let next = await Promise.race([iterator.next(), watch.stalled]); !next.done; next = await Promise.race([iterator.next(), watch.stalled])) {
			const chunk = next.value as Buffer;
			size += chunk.length;
			if (size > maxBytes) {
				response.abandon();
				// Not a job object and not a hiccup: asking again would fetch the same flood.
				const error = apiError(session, response.statusCode, response.headers, Buffer.concat(chunks));
				error.message = `${session.request.action} failed: the answer is larger than ${maxBytes} bytes`;
				throw error;
			}
			chunks.push(chunk);
		}
		checkComplete(node, response, watch.received());
	} catch (error) {
		throw asTransient(node, error);
	} finally {
		watch.stop();
	}
	return Buffer.concat(chunks);
}

/**
 * Where a transient failure happened: the connection was `refused` (the request never reached the
 * server), broke while the request was on its way (`connection`), or the server answered and then
 * stopped sending (`body`: a reset, a stall, a truncation, a broken compressed stream).
 */
type FailureStage = 'refused' | 'connection' | 'body';

/**
 * A failure of the network or of a body, as opposed to an HTTP status the server chose: worth
 * another try for a read, and for a paid request only when the connection never reached the server.
 */
function transientFailure(node: INode, message: string, stage: FailureStage): NodeApiError {
	const error = new NodeApiError(node, { message }, { message });
	error.context.transient = true;
	error.context.stage = stage;
	return error;
}

const bodyFailure = (node: INode, message: string) => transientFailure(node, message, 'body');

const isTransient = (error: unknown): error is NodeApiError =>
	error instanceof NodeApiError && error.context.transient === true;

/** A node API error stays as it is (transient or not); any other failure while reading a body is transient. */
function asTransient(node: INode, error: unknown): NodeApiError {
	return error instanceof NodeApiError ? error : bodyFailure(node, (error as Error).message);
}

function describeNetworkError(node: INode, error: unknown): NodeApiError {
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
	return transientFailure(node, messages[0] ?? codes[0] ?? 'the connection failed', refused ? 'refused' : 'connection');
}

function isJsonLike(headers: IDataObject, bytes: Buffer): boolean {
	const type = headerValue(headers, 'content-type') ?? '';
	if (/json/i.test(type)) return true;
	const first = bytes.subarray(0, 64).toString('utf8').trimStart()[0];
	return !/html/i.test(type) && (first === '{' || first === '[');
}

function isErrorEnvelope(body: IDataObject): boolean {
	const hasError = body.error !== undefined && body.error !== null && body.error !== '';
	return hasError && ['id', 'task_id', 'status', 'data', 'object'].every((field) => body[field] === undefined);
}

/** A job object, as opposed to an error body: vLLM-Omni answers a failed job's GET with its failure's HTTP status and the job. */
function isVideoObject(body: IDataObject | undefined): body is IDataObject {
	return body?.object === 'video' && typeof body.id === 'string' && typeof body.status === 'string';
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

function failureError(session: Session, failure: NodeApiError): NodeApiError {
	const { ctx, target, request } = session;
	const ambiguous = request.kind === 'paid' && failure.context.stage !== 'refused';
	const description = ambiguous
		? 'The connection broke after the request was sent, so the server may have started the job (and may bill it). It was not sent again to avoid a duplicate. Use Get Many (or your server\'s dashboard) to find a job with this prompt before retrying.'
		: failure.context.stage === 'body'
			? `The server at ${target.baseUrl} answered, then stopped sending part-way through its answer, on every try. The credential and Base URL are fine; the server or a proxy in between is failing: try again later or check the server's logs.`
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
 * HTTP failure to judge by its status, or throws a transient failure (network, stall, truncation).
 */
async function withRetries<T>(
	session: Session,
	attempt: () => Promise<{ result: T } | { status: number; headers: IDataObject; bytes: Buffer }>,
): Promise<T> {
	const { ctx, request } = session;
	for (let retriesDone = 0; ; retriesDone++) {
		throwIfCancelled(ctx, request.itemIndex);
		const outcome = await attempt().catch((error: unknown) => ({ error }));
		if ('error' in outcome) {
			throwIfCancelled(ctx, request.itemIndex);
			if (!isTransient(outcome.error)) throw outcome.error;
			const retriable = request.kind === 'read' || outcome.error.context.stage === 'refused';
			if (retriable && (await pauseBeforeRetry(session, retriesDone))) continue;
			throw failureError(session, outcome.error);
		}
		if ('result' in outcome) return outcome.result;
		if (isRetriableAnswer(outcome.status, request.kind, outcome.headers) && (await pauseBeforeRetry(session, retriesDone, outcome.headers))) continue;
		throw apiError(session, outcome.status, outcome.headers, outcome.bytes);
	}
}

/**
 * Sends one request. Content-Length counts the bytes on the wire, and n8n's client decodes a
 * gzip, deflate or br answer (dropping its Content-Encoding header), so a body's length is
 * checked against it only when the request asked for `accept-encoding: identity`; a shortened
 * compressed body fails in the decoder, a shortened plain one in the HTTP parser.
 */
async function send(session: Session, url: string, options: Partial<IHttpRequestOptions> & { headers: IDataObject }): Promise<RawResponse> {
	const { ctx, target } = session;
	let response: RawResponse;
	try {
		response = new URL(url).origin === target.origin
			? await sendWithCredentials(ctx, { url, ...options })
			: await sendWithoutCredentials(ctx, url, options.headers);
	} catch (error) {
		throwIfCancelled(ctx, session.request.itemIndex);
		throw describeNetworkError(ctx.getNode(), error);
	}
	const uncompressed = options.headers['accept-encoding'] === 'identity';
	return { ...response, announcedLength: uncompressed ? contentLength(response.headers) : undefined };
}

/** Sends an API call and returns its JSON answer, retrying as the request's kind allows. */
export async function apiRequest(ctx: IExecuteFunctions, request: ApiRequest): Promise<ApiResponse> {
	const target = await resolveTarget(ctx, request.itemIndex);
	const session: Session = { ctx, target, request };
	return await withRetries<ApiResponse>(session, async () => {
		const response = await send(session, `${target.baseUrl}${request.path}`, {
			method: request.method,
			qs: { ...request.defaultQs, ...target.extraQuery, ...request.qs },
			body: request.body as IHttpRequestOptions['body'],
			headers: { accept: 'application/json' },
		});
		const bytes = await readAll(session, response, transportSettings.maxJsonBytes);
		if (response.statusCode < 200 || response.statusCode >= 300) {
			// The job itself (a failed one) is the answer, not a failure of the request: nothing to retry.
			const video = parseJson(bytes);
			if (isVideoObject(video)) return { result: { body: video, headers: response.headers, statusCode: response.statusCode } };
			return { status: response.statusCode, headers: response.headers, bytes };
		}
		const body = bytes.length === 0 ? {} : parseJson(bytes);
		if (!body) {
			const error = apiError(session, response.statusCode, response.headers, bytes);
			error.message = `${request.action} failed: the server's answer is not JSON`;
			throw error;
		}
		// Some gateways answer 200 with nothing but an error: a failure, not a job in an unknown state.
		if (isErrorEnvelope(body)) return { status: response.statusCode, headers: response.headers, bytes };
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

/** How servers say a completed job's file is not (yet) there: 400 new-api, 404 vLLM-Omni, 409, 422; 405/501 no route. */
const contentNotThereStatuses = new Set([400, 404, 405, 409, 422, 501]);

const defaultExtensions: Record<Variant, string> = { video: 'mp4', thumbnail: 'webp', spritesheet: 'jpg' };

function safeFileName(id: string, extension: string): string {
	return `${id.replace(/[^A-Za-z0-9._-]+/g, '_')}.${extension}`;
}

/** The first bytes of a body, put back so its consumer still reads everything. */
async function peekHead(node: INode, body: BodyStream): Promise<Buffer> {
	return await new Promise<Buffer>((resolve, reject) => {
		const settle = (done: () => void) => {
			body.off('readable', onReadable);
			body.off('error', onError);
			body.off('end', onEnd);
			done();
		};
		const onReadable = () => {
			const chunk = body.read() as Buffer | null;
			if (chunk === null) return;
			body.unshift(chunk);
			settle(() => resolve(chunk));
		};
		const onError = (error: Error) => settle(() => reject(bodyFailure(node, error.message)));
		const onEnd = () => settle(() => resolve(Buffer.alloc(0)));
		body.on('readable', onReadable);
		body.on('error', onError);
		body.on('end', onEnd);
	});
}

async function contentResponse(session: Session, url: string): Promise<RawResponse> {
	let current = url;
	for (let hops = 0; hops <= transportSettings.maxRedirects; hops++) {
		// Media files are compressed already: asking for them as they are keeps their length checkable.
		const response = await send(session, current, { method: 'GET', headers: { accept: 'application/binary', 'accept-encoding': 'identity' } });
		const location = headerValue(response.headers, 'location');
		if (response.statusCode < 300 || response.statusCode >= 400 || !location) return response;
		response.body.resume();
		current = new URL(location, current).toString();
	}
	throw transientFailure(session.ctx.getNode(), `more than ${transportSettings.maxRedirects} redirects`, 'connection');
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

	/** `unread` is the body still on its way, whose connection is closed when it is refused. */
	const refuseIgnoredVariant = (head: Buffer, unread?: RawResponse) => {
		if (sniffMediaType(head)?.mimeType === 'video/mp4' && download.variant !== 'video') {
			unread?.abandon();
			throw new NodeOperationError(
				ctx.getNode(),
				`This server ignores the "${download.variant}" variant: it sent the MP4 video instead`,
				{
					itemIndex: download.itemIndex,
					description: 'Download the video variant, or make the image from the video in a later step.',
				},
			);
		}
	};
	/** The job is completed (callers check), so a 400/404 for an image variant means the server has none (SGLang: 404). */
	const refuseMissingVariant = (status: number, bytes: Buffer) => {
		if (download.variant === 'video' || (status !== 400 && status !== 404)) return;
		const said = parseErrorBody(parseJson(bytes)).message;
		throw new NodeOperationError(
			ctx.getNode(),
			`This server has no "${download.variant}" variant: it answered HTTP ${status}${said ? ` (${redact(said, target.apiKey)})` : ''}`,
			{
				itemIndex: download.itemIndex,
				description: 'Download the video variant, or make the image from the video in a later step.',
			},
		);
	};
	const fileNameFor = (head: Buffer) =>
		safeFileName(download.videoId, sniffMediaType(head)?.extension ?? defaultExtensions[download.variant]);

	/** Streams the body into the binary store; the type comes from the bytes, the server's header is the fallback. */
	const storeStream = async (response: RawResponse, head: Buffer) => {
		refuseIgnoredVariant(head, response);
		const mimeType = sniffMediaType(head)?.mimeType ?? headerValue(response.headers, 'content-type') ?? 'application/octet-stream';
		const watch = watchBody(ctx.getNode(), response);
		try {
			const body = response.body as unknown as Parameters<typeof ctx.helpers.prepareBinaryData>[0];
			const storing = ctx.helpers.prepareBinaryData(body, fileNameFor(head), mimeType);
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
	};

	return await withRetries<IBinaryData>(session, async () => {
		let contentUrl = url;
		for (let indirections = 0; indirections <= transportSettings.maxRedirects; indirections++) {
			const response = await contentResponse(session, contentUrl);
			if (response.statusCode < 200 || response.statusCode >= 300) {
				const bytes = await readAll(session, response, 64 * 1024);
				refuseMissingVariant(response.statusCode, bytes);
				// The job said completed, yet /content has nothing (api-contract rule 28): the file may still
				// be on its way, or the route is missing. Two more tries, then the job's own URL if it has one.
				if (contentNotThereStatuses.has(response.statusCode) && url !== download.fallbackUrl) {
					failuresOfContentRoute++;
					const status = response.statusCode;
					if (failuresOfContentRoute <= 2) throw bodyFailure(ctx.getNode(), `/content answered ${status} although the job is completed`);
					if (download.fallbackUrl) {
						url = download.fallbackUrl;
						throw bodyFailure(ctx.getNode(), `/content answered ${status} ${failuresOfContentRoute} times; the job's own URL is tried next`);
					}
				}
				return { status: response.statusCode, headers: response.headers, bytes };
			}
			const serverType = headerValue(response.headers, 'content-type');
			const peekWatch = watchBody(ctx.getNode(), response);
			const head = await Promise.race([peekHead(ctx.getNode(), response.body), peekWatch.stalled]).finally(() => peekWatch.stop());
			if (sniffMediaType(head) || !isJsonLike(response.headers, head)) {
				if (!sniffMediaType(head) && /html/i.test(serverType ?? '')) {
					throw apiError(session, response.statusCode, response.headers, await readAll(session, response, 64 * 1024));
				}
				return { result: await storeStream(response, head) };
			}
			const bytes = await readAll(session, response, transportSettings.maxJsonBytes);
			const body = parseJson(bytes) ?? {};
			const base64 = body.b64_json ?? body.base64;
			if (typeof base64 === 'string') {
				const decoded = Buffer.from(base64, 'base64');
				refuseIgnoredVariant(decoded);
				const mimeType = sniffMediaType(decoded)?.mimeType ?? 'application/octet-stream';
				return { result: await ctx.helpers.prepareBinaryData(decoded, fileNameFor(decoded), mimeType) };
			}
			const next = findContentUrl(body);
			if (!next) {
				const error = apiError(session, response.statusCode, response.headers, bytes);
				error.message = `${request.action} failed: the server answered JSON with neither the file nor a URL to it`;
				throw error;
			}
			contentUrl = next;
		}
		throw transientFailure(ctx.getNode(), `more than ${transportSettings.maxRedirects} indirections`, 'connection');
	});
}
