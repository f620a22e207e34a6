/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import {
	createServer,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalAnswer {
	status: number;
	headers: Record<string, string | undefined>;
	body: string | Buffer;
}

export type LocalHandler = (request: IncomingMessage, body: Buffer) => Promise<LocalAnswer>;

/** Starts `server` on a free port of 127.0.0.1; returns its origin and a function that stops it. */
export async function listenOnLoopback(
	server: Server,
): Promise<{ origin: string; stop: () => Promise<void> }> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const stop = async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop };
}

/**
 * A one-off HTTP server on 127.0.0.1 for answers the simulator does not give (or a proxy in front
 * of it). Returns its origin and a function that stops it.
 */
export async function startLocalServer(
	handler: LocalHandler,
): Promise<{ origin: string; stop: () => Promise<void> }> {
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			void handler(request, Buffer.concat(chunks)).then(({ status, headers, body }) => {
				response.writeHead(status, headers);
				response.end(body);
			});
		});
	});
	return await listenOnLoopback(server);
}

/** A request a server of `useLocalServers` received, kept for the test to read. */
export interface SeenRequest {
	method: string;
	/** As the request line gave it: the path and the query string. */
	path: string;
	url: URL;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

/** Picks the answer to `request`; `seen` holds every request so far, `request` last. */
export type Route = (
	request: SeenRequest,
	seen: SeenRequest[],
) => LocalAnswer | Promise<LocalAnswer>;

/**
 * For a test file: `serve(route)` starts a local server answering with `route` and keeping what it
 * received; `serveHandler(handler)` starts one that hands `handler` the raw request; `stopAfterTest(stop)` takes a server the test started otherwise. Every server a test
 * started stops after that test.
 */
export function useLocalServers() {
	const stops: Array<() => Promise<void>> = [];
	afterEach(async () => {
		await Promise.all(stops.splice(0).map(async (stop) => await stop()));
	});
	const stopAfterTest = (stop: () => Promise<void>) => stops.push(stop);
	async function serve(route: Route) {
		const seen: SeenRequest[] = [];
		const server = await startLocalServer(async (request, body) => {
			const entry: SeenRequest = {
				method: request.method!,
				path: request.url!,
				url: new URL(request.url!, 'http://127.0.0.1'),
				headers: request.headers,
				body,
			};
			seen.push(entry);
			return await route(entry, seen);
		});
		stopAfterTest(server.stop);
		return { origin: server.origin, baseUrl: `${server.origin}/v1`, seen };
	}
	async function serveHandler(handler: LocalHandler) {
		const server = await startLocalServer(handler);
		stopAfterTest(server.stop);
		return { origin: server.origin, baseUrl: `${server.origin}/v1` };
	}
	return { serve, serveHandler, stopAfterTest };
}

/** A JSON answer, as most routes give. */
export const jsonAnswer = (
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): LocalAnswer => ({
	status,
	headers: { 'content-type': 'application/json', ...headers },
	body: JSON.stringify(body),
});

/** Forwards a request below `/v1` to another base URL (the simulator's) and relays its JSON answer. */
export async function forward(
	baseUrl: string,
	request: IncomingMessage,
	body: Buffer,
): Promise<LocalAnswer> {
	const method = request.method ?? 'GET';
	const answer = await fetch(`${baseUrl}${request.url!.replace(/^\/v1/, '')}`, {
		method,
		headers: request.headers as Record<string, string>,
		body: method === 'POST' ? body : undefined,
	});
	return {
		status: answer.status,
		headers: { 'content-type': answer.headers.get('content-type') ?? 'application/json' },
		body: Buffer.from(await answer.arrayBuffer()),
	};
}
