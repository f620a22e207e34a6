/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- Node tooling, not published (DEVELOPERS.md) */
import { createHmac, randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { assetFor, sha256Of } from './assets';
import { CharacterStore } from './characters';
import { ApiError } from './errors';
import { Callbacks } from './callbacks';
import { BAD_GATEWAY_HTML, FAULT_ERRORS, FaultPlan } from './faults';
import { JobStore, jobState, type UploadedVideo } from './jobs';
import { RequestLog, redactHeaders } from './log';
import { defaultOptions, mergeOptions } from './options';
import { PROFILES, type Profile } from './profiles';
import { type Reply, textReply } from './reply';
import { type ApiContext, VideoApi, classify, videoOf } from './routes';
import { type SchemaName, schemaErrors } from './schema';
import type {
	ContentVariant,
	FaultKind,
	RequestLogEntry,
	Simulator,
	SimulatorOptions,
} from './types';

/**
 * Transport: two node:http servers on 127.0.0.1 (the API, and a second origin for content
 * redirects), request bodies, faults, the request log, response-schema checks and stop().
 */

const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** How much of a body a stalled or truncated answer sends before going quiet or closing. */
const PARTIAL_MAX = 64 * 1024;
const FAULT_OPTION_KEYS: (keyof SimulatorOptions)[] = [
	'faultRate',
	'faultSeed',
	'faultKinds',
	'maxConsecutiveFaults',
];

/** Response schema per route for 2xx JSON answers (openai profile); errors use ErrorEnvelope. */
const RESPONSE_SCHEMAS: Record<string, SchemaName> = {
	'POST /videos': 'VideoResource',
	'GET /videos': 'VideoListResource',
	'GET /videos/{id}': 'VideoResource',
	'DELETE /videos/{id}': 'DeletedVideoResource',
	'POST /videos/{id}/remix': 'VideoResource',
	'POST /videos/edits': 'VideoResource',
	'POST /videos/extensions': 'VideoResource',
	'POST /videos/characters': 'VideoCharacterResource',
	'GET /videos/characters/{id}': 'VideoCharacterResource',
};

class BodyTooLarge extends Error {}

function readRequestBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new BodyTooLarge());
				req.resume();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function listen(server: Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function faultReply(fault: '429' | '500' | '502' | '503', profile: Profile): Reply {
	if (fault === '502') return textReply(502, 'text/html', BAD_GATEWAY_HTML);
	const { message, type, code } = FAULT_ERRORS[fault];
	const reply = profile.error(new ApiError(Number(fault), message, type, null, code));
	if (fault !== '429') return reply;
	return { ...reply, headers: { ...reply.headers, 'retry-after': '1', 'retry-after-ms': '1000' } };
}

class RunningSimulator implements Simulator {
	private current: SimulatorOptions;
	private queueExplicit: boolean;
	private readonly jobs = new JobStore();
	private readonly characters = new CharacterStore();
	private readonly requests: RequestLog;
	private readonly faults: FaultPlan;
	private readonly violations: string[] = [];
	private readonly sockets = new Set<Socket>();
	private readonly unfinished = new Set<ServerResponse>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly secret = randomBytes(16);
	private readonly api: VideoApi;
	private readonly callbacks: Callbacks;
	private readonly apiServer: Server;
	private readonly filesServer: Server;
	private apiPort = 0;
	private filesPort = 0;

	constructor(options: Partial<SimulatorOptions>) {
		this.queueExplicit = options.queueMs !== undefined;
		this.current = mergeOptions(defaultOptions(), options, this.queueExplicit);
		this.requests = new RequestLog(() => this.current.logFile);
		this.faults = new FaultPlan(this.current.faultSeed);
		const context: ApiContext = {
			options: () => this.current,
			profile: () => PROFILES[this.current.profile],
			jobs: this.jobs,
			characters: this.characters,
			baseUrl: () => this.baseUrl,
			filesOrigin: () => `http://127.0.0.1:${this.filesPort}`,
			sign: (id, variant) => this.sign(id, variant),
		};
		this.api = new VideoApi(context);
		this.callbacks = new Callbacks({
			jobs: this.jobs,
			now: () => this.current.now(),
			assetLifetimeSeconds: () => this.current.assetLifetimeSeconds,
			videoOf: (job) => videoOf(context, job),
		});
		this.apiServer = this.makeServer('api');
		this.filesServer = this.makeServer('files');
	}

	async start(): Promise<this> {
		this.apiPort = await listen(this.apiServer, this.current.port);
		this.filesPort = await listen(this.filesServer, 0);
		// options.port reports the bound port (port 0 means "any"); changing it later has no effect.
		this.current = { ...this.current, port: this.apiPort };
		return this;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.apiPort}${PROFILES[this.current.profile].basePath}`;
	}

	get apiKey(): string {
		return this.current.apiKey;
	}

	get options(): SimulatorOptions {
		return { ...this.current };
	}

	configure(change: Partial<SimulatorOptions>): void {
		if (change.queueMs !== undefined) this.queueExplicit = true;
		this.current = mergeOptions(this.current, change, this.queueExplicit);
		if (FAULT_OPTION_KEYS.some((key) => change[key] !== undefined))
			this.faults.reset(this.current.faultSeed);
	}

	log(): RequestLogEntry[] {
		return this.requests.all();
	}

	count(route: string): number {
		return this.requests.count(route);
	}

	responsesInFlight(): number {
		return this.unfinished.size;
	}

	completedAt(id: string): number | null {
		const job = this.jobs.get(id);
		if (!job) return null;
		const state = jobState(job, this.current.now(), this.current.assetLifetimeSeconds);
		return state.status === 'completed' ? state.finishedMs : null;
	}

	referenceOf(id: string): { kind: 'file' | 'image_url' | 'file_id'; field: string } | null {
		const reference = this.jobs.get(id)?.reference;
		return reference ? { kind: reference.kind, field: reference.field } : null;
	}

	createdWith(id: string): { fields: string[]; frames: string[] } | null {
		const job = this.jobs.get(id);
		return job ? { fields: job.bodyFields ?? [], frames: job.frames ?? [] } : null;
	}

	uploadOf(id: string): UploadedVideo | null {
		return this.jobs.get(id)?.upload ?? this.characters.get(id)?.upload ?? null;
	}

	castOf(id: string): string[] {
		return this.jobs.get(id)?.characters ?? [];
	}

	async expectedSha256(id: string, variant: ContentVariant = 'video'): Promise<string> {
		const job = this.jobs.get(id);
		if (!job) throw new Error(`expectedSha256: no video with id '${id}'`);
		const served = PROFILES[this.current.profile].ignoresVariant ? 'video' : variant;
		return sha256Of(await assetFor(job, served, this.current.videoBytes));
	}

	schemaViolations(): string[] {
		return [...this.violations];
	}

	async stop(): Promise<void> {
		this.callbacks.stop();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const socket of this.sockets) socket.destroy();
		await Promise.all(
			[this.apiServer, this.filesServer].map(
				(server) =>
					new Promise<void>((resolve) =>
						server.listening ? server.close(() => resolve()) : resolve(),
					),
			),
		);
	}

	private sign(id: string, variant: ContentVariant): string {
		return createHmac('sha256', this.secret).update(`${id}\n${variant}`).digest('hex').slice(0, 32);
	}

	private makeServer(origin: 'api' | 'files'): Server {
		const server = createServer((req, res) => {
			this.handle(origin, req, res).catch((err: unknown) => {
				// A bug in a handler: answer 500 rather than hang the client.
				if (!res.headersSent) {
					res.writeHead(500, { 'content-type': 'text/plain' });
					res.end(`simulator error: ${err instanceof Error ? err.message : String(err)}`);
				} else res.destroy();
			});
		});
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		return server;
	}

	private async handle(
		origin: 'api' | 'files',
		req: IncomingMessage,
		res: ServerResponse,
	): Promise<void> {
		const options = this.current;
		const profile = PROFILES[options.profile];
		const method = req.method ?? 'GET';
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const { route, rawId } = classify(origin, method, url.pathname, profile);
		const entry: RequestLogEntry = {
			time: options.now(),
			origin,
			method,
			path: url.pathname + url.search,
			// Unmatched paths must not count as a route ('POST /videos' outside /v1 is no create).
			route: route ?? `${method} ${url.pathname} (no route)`,
			status: null,
			requestId: `req_${randomBytes(16).toString('hex')}`,
			fault: null,
			headers: redactHeaders(req.headers),
		};
		let body: Buffer;
		try {
			body = await readRequestBody(req);
		} catch (err) {
			if (!(err instanceof BodyTooLarge)) throw err;
			const tooLarge = profile.error(
				new ApiError(413, `Request body too large; the limit is ${MAX_BODY_BYTES} bytes.`),
			);
			return this.send(
				res,
				{ ...tooLarge, headers: { ...tooLarge.headers, connection: 'close' } },
				null,
				entry,
			);
		}
		// Samples are not the API under test: never faulted, and they leave the fault sequence alone.
		const isRead = (method === 'GET' || method === 'DELETE') && !route?.startsWith('GET /samples');
		const fault: FaultKind | null = isRead
			? this.faults.next(`${method} ${url.pathname}`, options)
			: null;
		entry.fault = fault;
		if (fault === 'reset') return this.abort(req, entry);
		const reply =
			fault === '429' || fault === '500' || fault === '502' || fault === '503'
				? faultReply(fault, profile)
				: await this.api.handle({ origin, method, url, route, rawId, headers: req.headers, body });
		this.callbacks.sweep();
		if (reply.videoId) entry.videoId = reply.videoId;
		if (reply.drop) {
			entry.fault = 'drop';
			return this.abort(req, entry);
		}
		if (options.validateResponses && options.profile === 'openai')
			this.checkResponse(entry.route, reply);
		this.send(res, reply, fault, entry);
	}

	/** Destroy the connection without a status line (reset fault, drop-create). */
	private abort(req: IncomingMessage, entry: RequestLogEntry): void {
		req.socket.destroy();
		this.requests.add(entry);
	}

	private checkResponse(route: string, reply: Reply): void {
		if (reply.json === undefined) return;
		const schema = reply.status >= 400 ? 'ErrorEnvelope' : RESPONSE_SCHEMAS[route];
		if (!schema) return;
		const problems = schemaErrors(schema, reply.json);
		if (problems) this.violations.push(`${route} ${reply.status} (${schema}): ${problems}`);
	}

	/** `gzip`: JSON answers compressed for clients that accept it; faults then cut the compressed bytes. */
	private encode(reply: Reply, entry: RequestLogEntry): Reply {
		const accepted = /\bgzip\b/i.test(entry.headers['accept-encoding'] ?? '');
		if (!this.current.gzip || !accepted || reply.json === undefined || !Buffer.isBuffer(reply.body))
			return reply;
		const headers = { ...reply.headers, 'content-encoding': 'gzip', vary: 'accept-encoding' };
		entry.contentEncoding = 'gzip';
		return { ...reply, headers, body: gzipSync(reply.body) };
	}

	private send(
		res: ServerResponse,
		original: Reply,
		fault: FaultKind | null,
		entry: RequestLogEntry,
	): void {
		const reply = this.encode(original, entry);
		const body = reply.body;
		const length = body.length;
		// Without a Content-Length, node:http sends the body chunked.
		const framing: Record<string, string> = this.current.chunked
			? {}
			: { 'content-length': String(length) };
		res.writeHead(reply.status, { ...reply.headers, ...framing, 'x-request-id': entry.requestId });
		entry.status = reply.status;
		let sent = 0;
		let logged = false;
		// Logged once: when the exchange ends, or as soon as a partial body is out (a stall may last long).
		const record = () => {
			if (logged) return;
			logged = true;
			entry.bytesSent = sent;
			this.requests.add(entry);
		};
		this.unfinished.add(res);
		res.on('close', () => {
			this.unfinished.delete(res);
			record();
		});
		const partial = fault === 'stall' || fault === 'truncate';
		const limit = partial ? Math.min(Math.floor(length / 2), PARTIAL_MAX) : length;
		const stream = Buffer.isBuffer(body)
			? Readable.from([body.subarray(0, limit)], { objectMode: false })
			: body.stream(limit);
		stream.on('data', (chunk: Buffer) => (sent += chunk.length));
		res.on('close', () => stream.destroy());
		if (!partial) {
			stream.pipe(res);
			return;
		}
		stream.pipe(res, { end: false });
		stream.on('end', () => {
			// Flush what was written, then go quiet (stall) or close short of Content-Length (truncate).
			res.write(Buffer.alloc(0), () => {
				record();
				if (fault === 'truncate') {
					res.socket?.destroy();
					return;
				}
				const timer = setTimeout(() => {
					this.timers.delete(timer);
					res.socket?.destroy();
				}, this.current.stallMs);
				this.timers.add(timer);
			});
		});
	}
}

export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
	return new RunningSimulator(options).start();
}
