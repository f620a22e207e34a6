import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalAnswer {
	status: number;
	headers: Record<string, string | undefined>;
	body: string | Buffer;
}

export type LocalHandler = (request: IncomingMessage, body: Buffer) => Promise<LocalAnswer>;

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
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const stop = async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop };
}

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
