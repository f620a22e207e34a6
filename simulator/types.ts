/** Public types of the simulator. Other parts of the project import these; keep names stable. */

import type { UploadedVideo } from './jobs';

export type ServerProfile =
	| 'openai'
	| 'litellm'
	| 'newapi'
	| 'bifrost'
	| 'reseller-json-content'
	| 'trt'
	| 'vllm-omni'
	| 'sglang'
	| 'openrouter';

export type FaultKind = '429' | '500' | '502' | '503' | 'reset' | 'stall' | 'truncate';

/** The profiles of servers that speak OpenAI's Videos API: the same requests work on each. */
export const SERVER_PROFILES: readonly ServerProfile[] = [
	'openai',
	'litellm',
	'newapi',
	'bifrost',
	'reseller-json-content',
	'trt',
	'vllm-omni',
	'sglang',
];

/** Every profile: those above, and OpenRouter's video API, a dialect of its own (under /api/v1). */
export const ALL_PROFILES: readonly ServerProfile[] = [...SERVER_PROFILES, 'openrouter'];

export const FAULT_KINDS: readonly FaultKind[] = [
	'429',
	'500',
	'502',
	'503',
	'reset',
	'stall',
	'truncate',
];

export type ContentVariant = 'video' | 'thumbnail' | 'spritesheet';

export interface SimulatorOptions {
	/** 0 = any free port. */
	port: number;
	apiKey: string;
	profile: ServerProfile;
	/** Time from create to completed for sora-2 and unknown models. */
	renderMs: number;
	/** Render multiplier for models whose id contains 'pro'. */
	proRenderFactor: number;
	/** Time spent 'queued' before 'in_progress'. */
	queueMs: number;
	/** expires_at = completed_at + this. */
	assetLifetimeSeconds: number;
	/** A prompt containing this makes the job fail with moderation_blocked. */
	moderationMarker: string;
	/** A prompt containing this makes the job fail with an engine error (CUDA out of memory). */
	engineErrorMarker: string;
	/**
	 * The model a self-hosted profile (vllm-omni, sglang, trt) serves, listed by GET /models;
	 * vllm-omni refuses any other model name. null = DEFAULT_SERVED_MODEL.
	 */
	servedModel: string | null;
	/** 0..1: probability that a read (GET or DELETE) gets a fault. */
	faultRate: number;
	faultSeed: number;
	faultKinds: FaultKind[];
	/** Never fault the same method+path more than this many times in a row. */
	maxConsecutiveFaults: number;
	/** Accept POST /videos (the job exists) and then destroy the socket without answering. */
	dropCreateConnection: boolean;
	/** When set, GET /videos/{id} answers with the header openai-poll-after-ms. */
	pollAfterMs: number | null;
	/**
	 * Render each job's MP4 when it is created rather than on its first download, so a completed
	 * job's file is ready as on a real server (benchmarks); off, jobs nobody downloads cost nothing.
	 */
	renderAhead: boolean;
	/** /content answers 302 to a second origin that serves the bytes without auth. */
	contentRedirect: boolean;
	/**
	 * The first n /content requests of each completed job answer 404 "not ready" in the profile's
	 * error shape; -1 = every one. The job's own URL field (new-api, Bifrost) keeps serving the file.
	 */
	contentFailures: number;
	/** Create answers 404 model_not_found (OpenAI) or 410 Gone (Azure). */
	retired: false | '404' | '410';
	/** Pad the MP4 with a trailing `free` box to exactly this many bytes. */
	videoBytes: number | null;
	/**
	 * JSON answers gzip-compressed, with the Content-Length of the compressed bytes, when the
	 * request accepts gzip (as Starlette's GZipMiddleware and compressing proxies answer).
	 */
	gzip: boolean;
	/** Every answer sent with `Transfer-Encoding: chunked` instead of a Content-Length. */
	chunked: boolean;
	validateRequests: boolean;
	validateResponses: boolean;
	/** How long a 'stall' fault holds the body before closing (real time). */
	stallMs: number;
	/** Also append the request log as JSON lines to this file. */
	logFile: string | null;
	/** Clock in ms; the whole job lifecycle is computed from it. */
	now: () => number;
}

export interface RequestLogEntry {
	time: number;
	origin: 'api' | 'files';
	method: string;
	path: string;
	/**
	 * e.g. 'POST /videos', 'GET /videos/{id}', 'GET /videos/{id}/content', 'GET /files/{id}';
	 * 'METHOD /path (no route)' when no route matched.
	 */
	route: string;
	/** null when no status line was sent (reset, dropped connection). */
	status: number | null;
	requestId: string;
	fault: FaultKind | 'drop' | null;
	/** Lowercased request headers, secrets replaced by "[redacted]". */
	headers: Record<string, string>;
	videoId?: string;
	bytesSent?: number;
	/** 'gzip' when the answer's body was compressed (the `gzip` option). */
	contentEncoding?: 'gzip';
}

export interface Simulator {
	/** 'http://127.0.0.1:<port>/v1' (the openrouter profile: '…/api/v1'), no trailing slash. */
	baseUrl: string;
	apiKey: string;
	/** Current values. */
	options: SimulatorOptions;
	configure(change: Partial<SimulatorOptions>): void;
	log(): RequestLogEntry[];
	count(route: string): number;
	/**
	 * Responses whose body is still being sent or held back (a stall): a client that gives up on a
	 * body should close its connection, which brings this back to 0 without waiting for the server.
	 */
	responsesInFlight(): number;
	/** Simulator-clock ms at which the job became completed, or null (not yet, failed, unknown). */
	completedAt(id: string): number | null;
	/** The reference image the server read from the job's create request (null: none, a text-to-video job). */
	referenceOf(id: string): { kind: 'file' | 'image_url' | 'file_id'; field: string } | null;
	/**
	 * What the job's create body held: its field names as sent, and the frame types of OpenRouter's
	 * `frame_images` (null: no such job).
	 */
	createdWith(id: string): { fields: string[]; frames: string[] } | null;
	/**
	 * The video an edit, extension or character was made from, as the server received it (its
	 * sha256 proves the upload arrived whole); null for a job made from an id or a prompt.
	 */
	uploadOf(id: string): UploadedVideo | null;
	/** The character ids a create cast (`characters: [{id}]`). */
	castOf(id: string): string[];
	expectedSha256(id: string, variant?: ContentVariant): Promise<string>;
	schemaViolations(): string[];
	stop(): Promise<void>;
}
