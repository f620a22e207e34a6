/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { lookup } from 'node:dns/promises';
import { createServer as createHttpServer } from 'node:http';
import {
	createServer as createTcpServer,
	type AddressInfo,
	type Server,
	type Socket,
} from 'node:net';
import { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';

import { loopbackTls } from './loopback-tls';
import { handleWith, type WireRequest, type WireRoute } from './wire';

/**
 * Loopback servers that look alike from a URL's point of view: the same address on other ports,
 * another loopback address on the same port, IPv6 loopback, a port whose digits start with the
 * configured one's. Each speaks HTTP and HTTPS on its one port (the first byte of a connection
 * tells which), so `http://` and `https://` on one host and port are two origins of one server.
 */

export interface Origin {
	/** A name for messages: "127.0.0.2 on the same port"… */
	name: string;
	/** The address as a URL writes it: 127.0.0.1, [::1]. */
	host: string;
	port: number;
}

/** A request an origin server received, and which server it reached. */
export interface ArrivedRequest extends WireRequest {
	origin: Origin;
}

const TLS_HANDSHAKE = 0x16;

/** Listens on `address:port` for both protocols; resolves undefined when the port is taken. */
async function listenDual(
	address: string,
	port: number,
	onRequest: ReturnType<typeof handleWith>,
	sockets: Set<Socket>,
): Promise<Server | undefined> {
	const http = createHttpServer(onRequest);
	const server = createTcpServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.once('data', (first: Buffer) => {
			socket.pause();
			socket.unshift(first);
			// Wrapped as a plain stream, TLS reads the byte put back; over the socket itself it would
			// read the connection's handle directly and miss it.
			const stream =
				first[0] === TLS_HANDSHAKE
					? new TLSSocket(Duplex.from({ readable: socket, writable: socket }), {
							isServer: true,
							...loopbackTls,
						})
					: socket;
			http.emit('connection', stream);
			socket.resume();
		});
	});
	return await new Promise((resolve) => {
		server.once('error', () => resolve(undefined));
		server.listen(port, address, () => resolve(server));
	});
}

export interface LookAlikes {
	/** The configured server: 127.0.0.1 on a port below 6554, so `port·10 + digit` is a port too. */
	home: Origin;
	others: Origin[];
	/** Whether `localhost` names 127.0.0.1 on this machine. */
	localhostIsHome: boolean;
	/** Every request any of them received, in order. */
	arrived: ArrivedRequest[];
	stop(): Promise<void>;
}

const randomPort = () => 2000 + Math.floor(Math.random() * 4500);

/** Starts the look-alike origins, all answering with `route`. */
export async function startLookAlikes(route: WireRoute): Promise<LookAlikes> {
	const arrived: ArrivedRequest[] = [];
	const sockets = new Set<Socket>();
	const servers: Server[] = [];
	const serve = async (name: string, address: string, port: number) => {
		const host = address.includes(':') ? `[${address}]` : address;
		const origin: Origin = { name, host, port };
		const onRequest = handleWith(async (request) => {
			arrived.push({ ...request, origin });
			return await route(request);
		});
		const server = await listenDual(address, port, onRequest, sockets);
		if (!server) return undefined;
		servers.push(server);
		origin.port = (server.address() as AddressInfo).port;
		return origin;
	};
	const ipv6 = await new Promise<boolean>((resolve) => {
		const probe = createTcpServer().once('error', () => resolve(false));
		probe.listen(0, '::1', () => probe.close(() => resolve(true)));
	});
	const stopAll = async () => {
		for (const socket of sockets) socket.destroy();
		await Promise.all(
			servers
				.splice(0)
				.map(async (server) => await new Promise((resolve) => server.close(resolve))),
		);
	};
	for (let attempt = 0; attempt < 100; attempt++) {
		const port = randomPort();
		const origins = [
			await serve('the configured server', '127.0.0.1', port),
			await serve(
				'the same address on a port that starts with the same digits',
				'127.0.0.1',
				port * 10 + (attempt % 10),
			),
			await serve('another loopback address on the same port', '127.0.0.2', port),
			ipv6 ? await serve('IPv6 loopback on the same port', '::1', port) : undefined,
			await serve('the same address on another port', '127.0.0.1', 0),
		];
		if (origins.every((origin, index) => origin || (index === 3 && !ipv6))) {
			const [home, ...others] = origins as Origin[];
			const resolved = await lookup('localhost').catch(() => undefined);
			return {
				home,
				others: others.filter(Boolean),
				localhostIsHome: resolved?.address === '127.0.0.1',
				arrived,
				stop: stopAll,
			};
		}
		await stopAll();
	}
	throw new Error('no free set of look-alike ports on the loopback addresses');
}
