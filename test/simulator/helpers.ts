import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { VirtualClock } from '../support/virtual-clock';

/** Shared set-up for the simulator's own tests: virtual time, real HTTP on 127.0.0.1. */

export interface TestServer {
	sim: Simulator;
	clock: VirtualClock;
	/**
	 * fetch against the simulator's base URL with the right key (override headers to test auth).
	 * An absolute URL is used as is, e.g. to reach paths outside `/v1`.
	 */
	call(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
	/** call() and parse the JSON answer. */
	json(
		path: string,
		init?: RequestInit & { json?: unknown },
	): Promise<{ status: number; body: any; headers: Headers }>;
	/** POST /videos with a JSON body and advance past the render so the job is completed. */
	completedVideo(fields?: Record<string, unknown>): Promise<any>;
}

const running: Simulator[] = [];

/** Starts a simulator for the current test file; stopAll() in afterAll stops it. */
export async function startTestServer(
	options: Partial<SimulatorOptions> = {},
): Promise<TestServer> {
	const clock = new VirtualClock();
	const sim = await startSimulator({ renderMs: 10000, now: clock.now, ...options });
	running.push(sim);
	const call: TestServer['call'] = (path, init = {}) => {
		const { json, ...rest } = init;
		const headers: Record<string, string> = { authorization: `Bearer ${sim.apiKey}` };
		if (json !== undefined) headers['content-type'] = 'application/json';
		return fetch(/^https?:\/\//.test(path) ? path : `${sim.baseUrl}${path}`, {
			...rest,
			headers: { ...headers, ...(rest.headers as Record<string, string> | undefined) },
			body: json !== undefined ? JSON.stringify(json) : rest.body,
			redirect: rest.redirect ?? 'manual',
		});
	};
	const json: TestServer['json'] = async (path, init) => {
		const res = await call(path, init);
		const text = await res.text();
		let body: unknown = text;
		try {
			body = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: res.status, body, headers: res.headers };
	};
	const completedVideo: TestServer['completedVideo'] = async (fields = {}) => {
		const created = await json('/videos', {
			method: 'POST',
			json: { prompt: 'a red fox in the snow', ...fields },
		});
		if (created.status >= 300) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
		clock.advance(sim.options.renderMs * sim.options.proRenderFactor + 1);
		return created.body;
	};
	return { sim, clock, call, json, completedVideo };
}

export async function stopAll(): Promise<void> {
	await Promise.all(running.splice(0).map((sim) => sim.stop()));
}

export interface RawResponse {
	status: number | null;
	headers: IncomingHttpHeaders;
	body: Buffer;
	/** How the exchange ended: complete body, connection closed early, or socket error before any answer. */
	outcome: 'complete' | 'aborted' | 'error';
}

/**
 * A raw node:http GET that reports what really happened on the wire (fetch hides truncation and
 * resets behind generic errors). `stopAfter` closes the connection once that many body bytes
 * arrived (a number, or computed from Content-Length), for stalled or huge bodies.
 */
export function rawGet(
	url: string,
	headers: Record<string, string>,
	stopAfter?: number | ((contentLength: number) => number),
): Promise<RawResponse> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let received = 0;
		const req = httpRequest(url, { headers, agent: false }, (res) => {
			const contentLength = Number(res.headers['content-length']);
			const stopAfterBytes = typeof stopAfter === 'function' ? stopAfter(contentLength) : stopAfter;
			const finish = (outcome: RawResponse['outcome']) =>
				resolve({
					status: res.statusCode ?? null,
					headers: res.headers,
					body: Buffer.concat(chunks),
					outcome,
				});
			res.on('data', (chunk: Buffer) => {
				chunks.push(chunk);
				received += chunk.length;
				if (stopAfterBytes !== undefined && received >= stopAfterBytes) {
					finish('aborted');
					req.destroy();
				}
			});
			res.on('end', () => finish(res.complete ? 'complete' : 'aborted'));
			res.on('close', () => finish(res.complete ? 'complete' : 'aborted'));
			res.on('error', () => finish('aborted'));
		});
		req.on('error', () =>
			resolve({ status: null, headers: {}, body: Buffer.alloc(0), outcome: 'error' }),
		);
		req.end();
	});
}
