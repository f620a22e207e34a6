import type { INode } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { apiError, asTransient, bodyFailure } from './errors';
import { answerOf } from './response';
import { transportSettings } from './settings';
import type { BodyStream, RawResponse, Session } from './types';

/**
 * Watches a response body: `stalled` rejects when nothing arrives for `idleTimeoutMs`, and `received`
 * counts what arrived so a body that ends short of its Content-Length is never taken for a whole one.
 * Consumers race `stalled`: destroying n8n's body stream waits for the next chunk, which never comes.
 */
export function watchBody(node: INode, response: RawResponse) {
	const source = response.body;
	let received = 0;
	let lastActivity = Date.now();
	const watchdog = new AbortController();
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
					reject(
						bodyFailure(node, `the server stopped sending: nothing received for ${idleMs} ms`),
					);
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
	return {
		stalled,
		received: () => received,
		// Ends the looking once the body is read or given up. A watchdog left running would only
		// abandon a response that has ended, which changes nothing.
		stop: () => watchdog.abort(),
	};
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

/**
 * A body that ended short of the length its headers announced (when that length counts these
 * bytes).
 */
export function checkComplete(node: INode, response: RawResponse, received: number) {
	const expected = response.announcedLength;
	if (expected !== undefined && received !== expected) {
		throw bodyFailure(
			node,
			`the server stopped sending after ${received} of ${expected} bytes (truncated)`,
		);
	}
}

/** Reads a whole (small) body: JSON answers and error pages. */
export async function readAll(
	session: Session,
	response: RawResponse,
	maxBytes: number,
): Promise<Buffer> {
	const node = session.ctx.getNode();
	const watch = watchBody(node, response);
	const chunks: Buffer[] = [];
	let size = 0;
	const iterator = response.body[Symbol.asyncIterator]();
	const next = async () => await Promise.race([iterator.next(), watch.stalled]);
	try {
		for (let chunk = await next(); !chunk.done; chunk = await next()) {
			const bytes = chunk.value as Buffer;
			size += bytes.length;
			if (size > maxBytes) {
				response.abandon();
				// Not a job object and not a hiccup: asking again would fetch the same flood.
				const answer = answerOf(response, Buffer.concat(chunks));
				throw apiError(session, answer, `the answer is larger than ${maxBytes} bytes`);
			}
			chunks.push(bytes);
		}
		checkComplete(node, response, watch.received());
	} catch (error) {
		throw asTransient(node, error);
	} finally {
		watch.stop();
	}
	return Buffer.concat(chunks);
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

/** Peeks at a body's first bytes while watching for a stall. */
export async function peekWatched(node: INode, response: RawResponse): Promise<Buffer> {
	const watch = watchBody(node, response);
	try {
		return await Promise.race([peekHead(node, response.body), watch.stalled]);
	} finally {
		watch.stop();
	}
}
