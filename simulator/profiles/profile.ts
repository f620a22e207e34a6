/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiError } from '../errors';
import type { Job, JobState } from '../jobs';
import type { Reply } from '../reply';
import type { ServerProfile } from '../types';
import type { CreateRequest, CreateRules, SourceRules, VideoModelEntry } from '../validation';

/**
 * Server profiles: how each server that speaks the protocol today differs from OpenAI
 * (docs/protocol.md lists the differences the node tolerates). `openai` is the strict baseline;
 * every other profile is the baseline with a few members overridden, so each difference is
 * written once, in that server's file beside this one. This file is the contract they all fill.
 */

export type RouteName =
	| 'POST /videos'
	| 'GET /videos'
	| 'GET /videos/{id}'
	| 'DELETE /videos/{id}'
	| 'GET /videos/{id}/content'
	| 'POST /videos/{id}/remix'
	| 'POST /videos/edits'
	| 'POST /videos/extensions'
	| 'POST /videos/characters'
	| 'GET /videos/characters/{id}'
	| 'GET /models'
	| 'GET /videos/models'
	| 'GET /files/{id}'
	| 'GET /samples'
	| 'GET /samples/{id}';

export interface VideoContext {
	/**
	 * Signed URL serving the job's MP4 without auth, on the simulator's second origin, as a
	 * provider's storage would (new-api's metadata.url, Bifrost's videos[].url). Not the /content
	 * route, so it still serves the file while contentFailures refuses /content.
	 */
	fileUrl: string;
	/** True for the answer to the create call itself. */
	fresh: boolean;
	/** The API root the job was asked at, e.g. `http://127.0.0.1:4010/v1`. */
	baseUrl: string;
	/** A completed job whose assets are past `expires_at`. */
	expired: boolean;
}

export interface Profile {
	name: ServerProfile;
	createStatus: number;
	createRules: CreateRules;
	/** How the edit, extension and character routes read the video they are given. */
	sourceRules: SourceRules;
	/** The create body has OpenAI's shape, so the OpenAPI request schema applies. */
	openaiRequestShape: boolean;
	/** Reads a JSON create body: OpenAI's fields under `createRules`, or the server's own (OpenRouter). */
	parseJson(body: unknown, rules: CreateRules): CreateRequest;
	/** The error for a create body in an encoding this server does not read (Bifrost: JSON only; vLLM-Omni: multipart only), or null. */
	refuseEncoding(kind: 'json' | 'multipart' | 'empty'): ApiError | null;
	/** SGLang's server has no auth at all. */
	requiresKey: boolean;
	/** Headers whose value may be the bare key (besides Authorization: Bearer). */
	keyHeaders: string[];
	/** new-api (one-api family) also takes the key in Authorization without "Bearer". */
	rawAuthorization: boolean;
	/** /content serves the MP4 whatever `variant` says. */
	ignoresVariant: boolean;
	/** /content answers JSON with a URL instead of bytes. */
	contentAsJson: boolean;
	/**
	 * `cursor`: pages with first_id/last_id/has_more that honour limit/after (OpenAI);
	 * `pages`: limit/after/order honoured but only {object, data} (SGLang);
	 * `everything`: every job in one {object, data}, query ignored (TensorRT-LLM).
	 */
	list: 'cursor' | 'pages' | 'everything';
	/** Page size when the list call gives no limit (vLLM-Omni: all jobs). */
	listDefaultLimit: number;
	/** GET /models lists only the served model (self-hosted servers). */
	listsServedModel: boolean;
	/** The model a job runs, from the requested one (null = none sent); may refuse it. */
	jobModel(requested: string | null, served: string): string;
	modelPrefix: string;
	/** Where the routes live: `/v1`, or OpenRouter's `/api/v1`. */
	basePath: string;
	/** The routes answer at the root as well as under the base path (LiteLLM mounts each route twice). */
	mountedAtRoot: boolean;
	/**
	 * OpenRouter's model catalog, served at GET /videos/models; null where a server has no such
	 * route (there `/videos/models` is the id of a video nobody made).
	 */
	videoModels: VideoModelEntry[] | null;
	/** Routes answered without a key (OpenRouter's model lists are public). */
	publicRoutes: RouteName[];
	/** The answer, before any auth, to a path no route matched; null = the JSON unknownRoute. */
	webPage(path: string): Reply | null;
	/** Routes this server does not have, with what it answers instead. */
	missingRoutes: Partial<Record<RouteName, (method: string, path: string) => Reply>>;
	newId(model: string, provider: string | null): string;
	/** Splits the requested model into the model the job runs and a provider; may refuse it. */
	splitModel(requested: unknown): { model: unknown; provider: string | null };
	/** An error when the list call lacks a hint this server needs. */
	listRequirement(query: URLSearchParams, headers: IncomingHttpHeaders): ApiError | null;
	/** A reply for an id segment this server refuses before any lookup, or null. */
	idRejection(rawSegment: string, id: string): Reply | null;
	videoObject(job: Job, state: JobState, context: VideoContext): Record<string, unknown>;
	/** HTTP status of GET /videos/{id} (vLLM-Omni answers a failed job with the failure's status). */
	retrieveStatus(job: Job, state: JobState): number;
	error(err: ApiError): Reply;
	unknownVideo(id: string, route: RouteName): Reply;
	notReady(job: Job, state: JobState): Reply;
	unknownRoute(method: string, path: string): Reply;
	/** The reply to a `variant` this server does not have (SGLang reads it as an output index), or null. */
	refusedVariant(raw: string | null): Reply | null;
	/** Self-hosted servers delete (and cancel) running jobs; OpenAI only finished ones. */
	deletesRunningJobs: boolean;
	/** The delete answer; `video` is the job as it was. */
	deleted(id: string, video: Record<string, unknown>): Record<string, unknown>;
	contentHeaders(job: Job): Record<string, string>;
}
