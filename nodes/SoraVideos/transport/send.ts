import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { throwIfCancelled } from '../helpers/cancel';
import { serverKind, type ServerKind } from '../helpers/servers';
import { describeNetworkError } from './errors';
import { contentLength } from './response';
import { CREDENTIAL_NAME, transportSettings } from './settings';
import type { RawResponse, RequestContext, Session, Target } from './types';

const credentialsRead = new WeakMap<
	RequestContext,
	Map<number, Promise<ICredentialDataDecryptedObject>>
>();

/**
 * The credential as n8n resolves it for one item, read once per item in a node's run
 * (docs/protocol.md rule 2): n8n reads it from its database and decrypts it at every call (about
 * 2.5 ms in n8n 2.40.7, three times per item of a Create before), and its fields may hold
 * expressions of the item (n8n's dynamic credentials), so items never share one read. A failed
 * read is not kept: the next request for the item reads again.
 */
function credentialsFor(
	ctx: RequestContext,
	itemIndex: number,
): Promise<ICredentialDataDecryptedObject> {
	let byItem = credentialsRead.get(ctx);
	if (!byItem) credentialsRead.set(ctx, (byItem = new Map()));
	let read = byItem.get(itemIndex);
	if (!read) {
		read = ctx.getCredentials(CREDENTIAL_NAME, itemIndex);
		byItem.set(itemIndex, read);
		read.catch(() => byItem.delete(itemIndex));
	}
	return read;
}

/** Where the credential points (docs/protocol.md rules 1 and 2). */
export async function resolveTarget(ctx: RequestContext, itemIndex: number): Promise<Target> {
	const credentials = await credentialsFor(ctx, itemIndex);
	const configured = String(credentials.baseUrl ?? '').trim();
	const url = URL.canParse(configured) ? new URL(configured) : undefined;
	if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
		throw new NodeOperationError(
			ctx.getNode(),
			`The credential's Base URL "${configured}" is not an http(s) URL`,
			{
				itemIndex,
				description:
					"Set it to the server's API root, for example https://api.example.com/v1 or http://127.0.0.1:4010/v1.",
			},
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

/** The credential's Server choice: what a server needs that its answers cannot tell. */
export async function serverOf(ctx: RequestContext, itemIndex: number): Promise<ServerKind> {
	const credentials = await credentialsFor(ctx, itemIndex);
	return serverKind(credentials.server);
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
function connectionSignal(ctx: RequestContext) {
	const connection = new AbortController();
	const cancel = ctx.getExecutionCancelSignal?.();
	return {
		signal: cancel ? AbortSignal.any([cancel, connection.signal]) : connection.signal,
		abort: () => connection.abort(),
	};
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

async function sendWithCredentials(
	ctx: RequestContext,
	options: IHttpRequestOptions,
): Promise<RawResponse> {
	const { signal, abort } = connectionSignal(ctx);
	// n8n sets an authenticated request's signal from the calling context's cancel signal (whatever
	// the node passed), so the call runs on a view of the context whose cancel signal is this one.
	const caller = Object.create(ctx, {
		getExecutionCancelSignal: { value: () => signal },
	}) as RequestContext;
	// n8n types the helper's `this` as its widest context; the caller is a view of the one it runs on.
	const on = caller as unknown as IExecuteFunctions;
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(on, CREDENTIAL_NAME, {
		...options,
		...baseOptions,
		timeout: transportSettings.responseTimeoutMs,
		abortSignal: signal,
	})) as SentResponse;
	return withAbandon(response, abort);
}

/**
 * For URLs on another origin (a CDN, a storage bucket): the key never leaves the configured server.
 */
async function sendWithoutCredentials(
	ctx: RequestContext,
	url: string,
	headers: IDataObject,
): Promise<RawResponse> {
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

/**
 * Sends one request. Content-Length counts the bytes on the wire, and n8n's client decodes a
 * gzip, deflate or br answer (dropping its Content-Encoding header), so a body's length is
 * checked against it only when the request asked for `accept-encoding: identity`; a shortened
 * compressed body fails in the decoder, a shortened plain one in the HTTP parser
 * (docs/protocol.md rule 24).
 */
export async function send(
	session: Session,
	url: string,
	options: Partial<IHttpRequestOptions> & { headers: IDataObject },
): Promise<RawResponse> {
	const { ctx, target } = session;
	let response: RawResponse;
	try {
		response =
			new URL(url).origin === target.origin
				? await sendWithCredentials(ctx, { url, ...options })
				: await sendWithoutCredentials(ctx, url, options.headers);
	} catch (error) {
		throwIfCancelled(ctx, session.request.itemIndex);
		throw describeNetworkError(ctx.getNode(), error);
	}
	// Node's own parser fails a plain body cut short before the announced length is compared.
	const uncompressed = options.headers['accept-encoding'] === 'identity';
	return {
		...response,
		announcedLength: uncompressed ? contentLength(response.headers) : undefined,
	};
}
