/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * A loopback HTTP server whose answers are written byte by byte as a test describes them: any
 * status, framing, chunking, informational answers, and every way an answer can break (a reset
 * before or after the headers, a body cut short, a body that stalls). Every answer closes its
 * connection, so no answer depends on the one before.
 */

/** How the body goes on the wire: with its Content-Length, chunked, or gzip-compressed. */
export type Framing = 'length' | 'chunked' | 'gzip';

/**
 * What happens to an answer: sent whole; the connection reset before or after the headers; the
 * body cut short (the connection ends part-way); the body stalled part-way (held until the client
 * gives up on it).
 */
export type Delivery = 'whole' | 'resetBeforeHeaders' | 'resetAfterHeaders' | 'cut' | 'stall';

export interface WireAnswer {
	status: number;
	headers?: Record<string, string>;
	body: Buffer;
	framing?: Framing;
	delivery?: Delivery;
	/** How many writes the body goes out in (chunks on the wire; chunked framing's chunks too). */
	pieces?: number;
	/** For `cut` and `stall`: the share (0 to 1, below 1) of the framed body sent before. */
	cutAt?: number;
	/** An informational answer (100, 102, 103) sent before the final one. */
	informational?: number;
}

/** A request the server received, as the test reads it back. */
export interface WireRequest {
	method: string;
	/** The request line's target: path and query. */
	target: string;
	url: URL;
	headers: IncomingMessage['headers'];
	body: Buffer;
	/** Whether it came over TLS (see `key.test.ts`'s servers). */
	encrypted: boolean;
}

export type WireRoute = (request: WireRequest) => WireAnswer | Promise<WireAnswer>;

/** A JSON answer, sent whole. */
export const jsonAnswer = (
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): WireAnswer => ({
	status,
	headers: { 'content-type': 'application/json', ...headers },
	body: Buffer.from(JSON.stringify(body)),
});

/** Statuses whose answers have no body whatever the headers say. */
export const bodiless = (status: number) => status === 204 || status === 304;

function split(bytes: Buffer, pieces: number): Buffer[] {
	const size = Math.max(1, Math.ceil(bytes.length / Math.max(1, pieces)));
	const parts: Buffer[] = [];
	for (let start = 0; start < bytes.length; start += size)
		parts.push(bytes.subarray(start, start + size));
	return parts;
}

/** The answer's head and framed body as they go on the wire. */
export function encode(answer: WireAnswer): { head: Buffer; body: Buffer } {
	const { status, framing = 'length', pieces = 1 } = answer;
	const headers: Record<string, string> = { connection: 'close', ...answer.headers };
	let body = bodiless(status) ? Buffer.alloc(0) : answer.body;
	if (framing === 'gzip' && !bodiless(status)) {
		body = gzipSync(body);
		headers['content-encoding'] = 'gzip';
	}
	if (framing === 'chunked' && !bodiless(status)) {
		headers['transfer-encoding'] = 'chunked';
		const chunks = split(body, pieces).map((part) =>
			Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]),
		);
		body = Buffer.concat([...chunks, Buffer.from('0\r\n\r\n')]);
	} else if (!bodiless(status)) {
		headers['content-length'] = String(body.length);
	}
	const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Status'}`];
	for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
	const informational = answer.informational
		? `HTTP/1.1 ${answer.informational} ${STATUS_CODES[answer.informational]}\r\n\r\n`
		: '';
	return { head: Buffer.from(`${informational}${lines.join('\r\n')}\r\n\r\n`), body };
}

/** The bytes of the framed body sent before a cut or a stall: always fewer than all of them. */
export const sentBeforeBreak = (answer: WireAnswer, bodyLength: number) =>
	Math.min(bodyLength - 1, Math.floor((answer.cutAt ?? 0) * bodyLength));

async function write(socket: Socket, bytes: Buffer) {
	if (bytes.length === 0 || socket.destroyed) return;
	await new Promise<void>((resolve) => socket.write(bytes, () => resolve()));
	// A turn between writes, so pieces reach the client as separate reads.
	await new Promise((resolve) => setImmediate(resolve));
}

/** Whether the answer, as `deliver` sends it, reaches the client broken (never whole). */
export function isBroken(answer: WireAnswer): boolean {
	const delivery = answer.delivery ?? 'whole';
	if (delivery === 'whole') return false;
	if (delivery === 'resetBeforeHeaders' || delivery === 'resetAfterHeaders') return true;
	return encode(answer).body.length > 0;
}

async function deliver(socket: Socket, answer: WireAnswer) {
	const delivery = answer.delivery ?? 'whole';
	if (delivery === 'resetBeforeHeaders') {
		socket.resetAndDestroy();
		return;
	}
	const { head, body } = encode(answer);
	await write(socket, head);
	if (delivery === 'resetAfterHeaders') {
		socket.resetAndDestroy();
	} else if (!isBroken(answer)) {
		for (const piece of split(body, answer.pieces ?? 1)) await write(socket, piece);
		socket.end();
	} else {
		await write(socket, body.subarray(0, sentBeforeBreak(answer, body.length)));
		// A stall holds the connection until the client closes it; a cut ends it.
		if (delivery === 'cut') socket.end();
	}
}

export interface WireServer {
	origin: string;
	port: number;
	seen: WireRequest[];
	/** Stops listening: connections are refused until `reopen()`. */
	refuse(): void;
	reopen(): void;
	stop(): Promise<void>;
}

/** Reads a request whole and hands it to `route`; the answer goes out as `deliver` writes it. */
export function handleWith(route: WireRoute) {
	return (request: IncomingMessage) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const socket = request.socket;
			const entry: WireRequest = {
				method: request.method!,
				target: request.url!,
				url: new URL(request.url!, 'http://wire.invalid'),
				headers: request.headers,
				body: Buffer.concat(chunks),
				encrypted: 'encrypted' in socket && socket.encrypted === true,
			};
			void Promise.resolve(route(entry)).then(async (answer) => await deliver(socket, answer));
		});
	};
}

/** Starts a wire server on 127.0.0.1 (any free port, or `port`). */
export async function startWireServer(route: WireRoute, port = 0): Promise<WireServer> {
	const seen: WireRequest[] = [];
	const sockets = new Set<Socket>();
	let server: Server;
	const listen = async (at: number) => {
		server = createServer(
			handleWith(async (request) => {
				seen.push(request);
				return await route(request);
			}),
		);
		server.on('connection', (socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
		await new Promise<void>((resolve) => server.listen(at, '127.0.0.1', resolve));
		return (server.address() as AddressInfo).port;
	};
	const bound = await listen(port);
	const closeAll = () => {
		for (const socket of sockets) socket.destroy();
	};
	return {
		origin: `http://127.0.0.1:${bound}`,
		port: bound,
		seen,
		refuse() {
			server.close();
			closeAll();
		},
		// Binding an IP address happens at once, before the client's next connection attempt.
		reopen() {
			if (!server.listening) void listen(bound);
		},
		async stop() {
			closeAll();
			if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
