/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { VirtualClock } from '../support/virtual-clock';

/** A JSON answer's body as the tests read it: any shape, pinned by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

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
	): Promise<{ status: number; body: JsonBody; headers: Headers }>;
	/** POST /videos with a JSON body and advance past the render so the job is completed. */
	completedVideo(fields?: Record<string, unknown>): Promise<JsonBody>;
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

/**
 * The current file's server: started before its tests, stopped after them. Its members reach the
 * started server, so tests use it like the result of startTestServer.
 */
export function useTestServer(options: Partial<SimulatorOptions> = {}): TestServer {
	let server: TestServer | null = null;
	beforeAll(async () => {
		server = await startTestServer(options);
	});
	afterAll(stopAll);
	const started = (): TestServer => {
		if (!server) throw new Error('The test server starts in beforeAll; use it inside a test.');
		return server;
	};
	return {
		get sim() {
			return started().sim;
		},
		get clock() {
			return started().clock;
		},
		call: (path, init) => started().call(path, init),
		json: (path, init) => started().json(path, init),
		completedVideo: (fields) => started().completedVideo(fields),
	};
}

/** useTestServer on the openai profile, checking every request and answer against OpenAI's OpenAPI file. */
export function useValidatedServer(options: Partial<SimulatorOptions> = {}): TestServer {
	return useTestServer({ validateRequests: true, validateResponses: true, ...options });
}

/**
 * Declares a file's last test: every JSON answer its requests got from the validated server
 * matched the OpenAPI response schemas (so the simulator teaches clients nothing OpenAI never sent).
 */
export function testResponseSchemas(t: TestServer): void {
	test('every JSON answer above matched the OpenAPI response schemas', () => {
		expect(t.sim.log().length).toBeGreaterThan(0);
		expect(t.sim.schemaViolations()).toEqual([]);
	});
}

/** A create body the server refuses: [case name, JSON body, the error's param, code and message]. */
export type Refusal = [string, unknown, string | null, string | null, RegExp];

/** One test per case: POST /videos with the body answers 400 with OpenAI's error fields. */
export function testRefusals(t: TestServer, cases: Refusal[]): void {
	test.each(cases)('%s → 400', async (_name, body, param, code, message) => {
		const res = await t.json('/videos', { method: 'POST', json: body });
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param, code });
		expect(res.body.error.message).toMatch(message);
	});
}

/** The headers that carry the simulator's key, for raw requests. */
export const authHeaders = (t: TestServer) => ({ authorization: `Bearer ${t.sim.apiKey}` });

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export const isMp4 = (bytes: Buffer) => bytes.toString('ascii', 4, 8) === 'ftyp';

/** A GET through call() with the whole body read. */
export async function download(t: TestServer, path: string, headers: Record<string, string> = {}) {
	const res = await t.call(path, { headers });
	return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A multipart body from text fields and at most one file part. */
export function form(
	fields: Record<string, string | Blob>,
	file?: { name: string; bytes: Buffer; type?: string; filename?: string },
): FormData {
	const body = new FormData();
	for (const [key, value] of Object.entries(fields)) body.append(key, value);
	if (file)
		body.append(file.name, new Blob([file.bytes], { type: file.type ?? '' }), file.filename);
	return body;
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
