import type { IncomingHttpHeaders } from 'node:http';
import { assetFor, renderAhead } from './assets';
import { ApiError, invalidValue, missingParameter, quotedList } from './errors';
import { type Job, type JobStore, jobState, newJob } from './jobs';
import { boundaryOf, parseMultipart, type FormPart } from './multipart';
import {
	NOT_READY_MESSAGE,
	type Profile,
	type RouteName,
	type VideoContext,
	servedModelEntry,
} from './profiles';
import { DEFAULT_SERVED_MODEL } from './options';
import { type Reply, jsonReply } from './reply';
import { type SchemaName, schemaErrors } from './schema';
import type { ContentVariant, SimulatorOptions } from './types';
import { multipartFields, parseCreateJson, parseCreateMultipart, parseRemix } from './validation';

/**
 * The API's routes, in OpenAI's semantics, asking the active profile wherever a server differs.
 * Transport concerns (sockets, faults, logging) live in server.ts.
 */

export interface ApiRequest {
	origin: 'api' | 'files';
	method: string;
	url: URL;
	/** The route the path matched, or null (unknown path). */
	route: RouteName | null;
	/** The id path segment as sent (still percent-encoded), or null. */
	rawId: string | null;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

/** What the routes need from the running simulator. */
export interface ApiContext {
	options(): SimulatorOptions;
	profile(): Profile;
	jobs: JobStore;
	baseUrl(): string;
	filesOrigin(): string;
	sign(id: string, variant: ContentVariant): string;
}

const KNOWN_ROUTES = new Set<string>([
	'POST /videos',
	'GET /videos',
	'GET /videos/{id}',
	'DELETE /videos/{id}',
	'GET /videos/{id}/content',
	'POST /videos/{id}/remix',
	'GET /models',
	'GET /files/{id}',
]);
const VARIANTS: ContentVariant[] = ['video', 'thumbnail', 'spritesheet'];
const FILE_EXTENSIONS: Record<ContentVariant, string> = {
	video: '.mp4',
	thumbnail: '.webp',
	spritesheet: '.jpg',
};
const KNOWN_MODELS = [
	'sora-2',
	'sora-2-pro',
	'sora-2-2025-10-06',
	'sora-2-pro-2025-10-06',
	'sora-2-2025-12-08',
];
const MAX_LIST = 100;

/**
 * The route ('GET /videos/{id}') and raw id segment of a request path, or route null. API routes
 * live under `/v1`, and also at the root when the profile mounts them there (LiteLLM); the files
 * origin serves only `/files/{id}`, at its root.
 */
export function classify(
	origin: 'api' | 'files',
	method: string,
	pathname: string,
	mountedAtRoot: boolean,
): { route: RouteName | null; rawId: string | null } {
	const noRoute = { route: null, rawId: null };
	const underV1 = origin === 'api' && pathname.startsWith('/v1/');
	if (origin === 'api' && !underV1 && !mountedAtRoot) return noRoute;
	const found = matchPath(
		pathname.slice(underV1 ? '/v1/'.length : 1).split('/'),
		origin === 'files',
	);
	const route = found && `${method} ${found.pattern}`;
	return route && KNOWN_ROUTES.has(route)
		? { route: route as RouteName, rawId: found.rawId }
		: noRoute;
}

/** The path pattern of the segments after the mount point, whatever the method. */
function matchPath(
	segments: string[],
	filesOnly: boolean,
): { pattern: string; rawId: string | null } | null {
	const [head, id, tail] = segments;
	if (head === 'files') return segments.length === 2 ? { pattern: '/files/{id}', rawId: id } : null;
	if (filesOnly) return null;
	if (segments.length === 1 && (head === 'videos' || head === 'models'))
		return { pattern: `/${head}`, rawId: null };
	if (head !== 'videos' || !id) return null;
	if (segments.length === 2) return { pattern: '/videos/{id}', rawId: id };
	if (segments.length === 3 && (tail === 'content' || tail === 'remix'))
		return { pattern: `/videos/{id}/${tail}`, rawId: id };
	return null;
}

type Body =
	| { kind: 'json'; value: unknown }
	| { kind: 'multipart'; parts: FormPart[] }
	| { kind: 'empty' };

export class VideoApi {
	constructor(private readonly ctx: ApiContext) {}

	private get profile(): Profile {
		return this.ctx.profile();
	}

	async handle(req: ApiRequest): Promise<Reply> {
		try {
			return await this.dispatch(req);
		} catch (err) {
			if (err instanceof ApiError) return this.profile.error(err);
			throw err;
		}
	}

	private async dispatch(req: ApiRequest): Promise<Reply> {
		const profile = this.profile;
		const { route } = req;
		const path = req.url.pathname;
		if (route === 'GET /files/{id}') return this.file(req);
		// A web UI (new-api) answers unknown paths before any auth.
		const page = route === null && req.origin === 'api' ? profile.webPage(path) : null;
		if (page) return page;
		const authError = this.authenticate(req.headers);
		if (authError) return profile.error(authError);
		if (route === null) return profile.unknownRoute(req.method, path);
		const missing = profile.missingRoutes[route];
		if (missing) return missing(req.method, path);
		switch (route) {
			case 'POST /videos':
				return this.create(req);
			case 'GET /videos':
				return this.list(req);
			case 'GET /models':
				return this.models();
		}
		const found = this.findJob(req, route);
		if (!('job' in found)) return found.reply;
		const { job } = found;
		switch (route) {
			case 'GET /videos/{id}':
				return this.retrieve(job);
			case 'DELETE /videos/{id}':
				return this.remove(job);
			case 'GET /videos/{id}/content':
				return this.content(job, req.url.searchParams);
			default:
				return this.remix(job, req);
		}
	}

	private authenticate(headers: IncomingHttpHeaders): ApiError | null {
		if (!this.profile.requiresKey) return null;
		const key = this.ctx.options().apiKey;
		const authorization = headers.authorization ?? '';
		const bearer = /^bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
		const offered = [bearer, ...this.profile.keyHeaders.map((name) => headers[name])];
		if (this.profile.rawAuthorization) offered.push(authorization.trim());
		if (offered.some((value) => value === key)) return null;
		const sentSomething = offered.some((value) => typeof value === 'string' && value !== '');
		// Never echo the offered key back, not even masked.
		return sentSomething
			? new ApiError(
					401,
					'Incorrect API key provided.',
					'invalid_request_error',
					null,
					'invalid_api_key',
				)
			: new ApiError(
					401,
					"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
					'invalid_request_error',
					null,
					null,
				);
	}

	private findJob(req: ApiRequest, route: RouteName): { job: Job } | { reply: Reply } {
		const raw = req.rawId ?? '';
		let id: string;
		try {
			id = decodeURIComponent(raw);
		} catch {
			return { reply: this.profile.unknownVideo(raw, route) };
		}
		const rejection = this.profile.idRejection(raw, id);
		if (rejection) return { reply: rejection };
		const job = this.ctx.jobs.get(id);
		return job ? { job } : { reply: this.profile.unknownVideo(id, route) };
	}

	private videoContext(job: Job, fresh = false): VideoContext {
		return { fileUrl: this.signedFileUrl(this.ctx.filesOrigin(), job, 'video'), fresh };
	}

	/** A URL that serves the job's bytes without auth, like a storage bucket's signed URL: the signature is the key. */
	private signedFileUrl(origin: string, job: Job, variant: ContentVariant): string {
		const name = `${encodeURIComponent(job.id)}${FILE_EXTENSIONS[variant]}`;
		return `${origin}/files/${name}?variant=${variant}&sig=${this.ctx.sign(job.id, variant)}`;
	}

	private stateOf(job: Job) {
		const options = this.ctx.options();
		return jobState(job, options.now(), options.assetLifetimeSeconds);
	}

	private video(job: Job, fresh = false): Record<string, unknown> {
		return this.profile.videoObject(job, this.stateOf(job), this.videoContext(job, fresh));
	}

	/** A new job (created or remixed), rendered at once when the simulator renders ahead. */
	private addJob(job: Job): void {
		this.ctx.jobs.add(job);
		if (this.ctx.options().renderAhead) renderAhead(job);
	}

	private create(req: ApiRequest): Reply {
		const options = this.ctx.options();
		const profile = this.profile;
		const body = readBody(req);
		if (options.retired)
			return this.retiredReply(
				body.kind === 'json'
					? body.value
					: body.kind === 'multipart'
						? multipartFields(body.parts)
						: {},
			);
		const refusal = profile.refuseEncoding(body.kind);
		if (refusal) throw refusal;
		if (body.kind === 'empty') throw missingParameter('prompt');
		let provider: string | null = null;
		if (body.kind === 'json' && isObject(body.value)) {
			// Bifrost: 'openai/sora-2' runs 'sora-2' at provider 'openai'; other profiles keep the name.
			const split = profile.splitModel(body.value.model);
			provider = split.provider;
			if (provider !== null) body.value.model = split.model;
		}
		const request =
			body.kind === 'json'
				? parseCreateJson(body.value, profile.createRules)
				: parseCreateMultipart(body.parts, profile.createRules);
		if (options.validateRequests && profile.openaiRequestShape) {
			const shaped = body.kind === 'json' ? body.value : multipartForSchema(body.parts);
			checkRequestSchema(
				body.kind === 'json' ? 'CreateVideoJsonBody' : 'CreateVideoMultipartBody',
				shaped,
			);
		}
		const model = profile.jobModel(request.model, this.servedModel());
		const job = newJob(
			profile.newId(model, provider),
			{ ...request, model, remixedFrom: null },
			options,
		);
		this.addJob(job);
		const reply = jsonReply(profile.createStatus, this.video(job, true));
		return { ...reply, videoId: job.id, drop: options.dropCreateConnection };
	}

	/** OpenAI after its shutdown (404 model_not_found) or Azure after retirement (410). */
	private retiredReply(fields: unknown): Reply {
		const requested = isObject(fields) ? fields.model : undefined;
		const model = typeof requested === 'string' ? requested : 'sora-2';
		if (this.ctx.options().retired === '410') {
			return this.profile.error(
				new ApiError(
					410,
					`The model '${model}' has been retired and is no longer available.`,
					'invalid_request_error',
					'model',
					'model_retired',
				),
			);
		}
		return this.profile.error(
			new ApiError(
				404,
				`The model '${model}' does not exist or you do not have access to it.`,
				'invalid_request_error',
				null,
				'model_not_found',
			),
		);
	}

	private list(req: ApiRequest): Reply {
		const profile = this.profile;
		const query = req.url.searchParams;
		const requirement = profile.listRequirement(query, req.headers);
		if (requirement) throw requirement;
		const all = this.ctx.jobs.all();
		if (profile.list === 'everything')
			return jsonReply(200, { object: 'list', data: all.map((job) => this.video(job)) });
		const limit = parseLimit(query.get('limit'), profile.listDefaultLimit);
		const order = query.get('order') ?? 'desc';
		if (order !== 'asc' && order !== 'desc') {
			throw invalidValue(
				'order',
				`Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`,
			);
		}
		const sorted = order === 'asc' ? all : [...all].reverse();
		const after = query.get('after');
		const start = after === null ? 0 : sorted.findIndex((job) => job.id === after) + 1;
		// An unknown cursor gives an empty page rather than restarting from the top.
		const rest = after !== null && start === 0 ? [] : sorted.slice(start);
		const page = rest.slice(0, limit);
		if (profile.list === 'pages')
			return jsonReply(200, { data: page.map((job) => this.video(job)), object: 'list' });
		return jsonReply(200, {
			object: 'list',
			data: page.map((job) => this.video(job)),
			first_id: page[0]?.id ?? null,
			last_id: page[page.length - 1]?.id ?? null,
			has_more: rest.length > page.length,
		});
	}

	/** The model a self-hosted profile runs. */
	private servedModel(): string {
		return this.ctx.options().servedModel ?? DEFAULT_SERVED_MODEL;
	}

	private models(): Reply {
		if (this.profile.listsServedModel)
			return jsonReply(200, { object: 'list', data: [servedModelEntry(this.servedModel())] });
		const created = 1759708800; // 2025-10-06, launch day
		const data = KNOWN_MODELS.map((id) => ({
			id: `${this.profile.modelPrefix}${id}`,
			object: 'model',
			created,
			owned_by: 'system',
		}));
		return jsonReply(200, { object: 'list', data });
	}

	private retrieve(job: Job): Reply {
		const pollAfterMs = this.ctx.options().pollAfterMs;
		const headers: Record<string, string> =
			pollAfterMs === null ? {} : { 'openai-poll-after-ms': String(pollAfterMs) };
		const status = this.profile.retrieveStatus(job, this.stateOf(job));
		return { ...jsonReply(status, this.video(job), headers), videoId: job.id };
	}

	private remove(job: Job): Reply {
		const status = this.stateOf(job).status;
		if (!this.profile.deletesRunningJobs && (status === 'queued' || status === 'in_progress')) {
			throw new ApiError(
				400,
				`Video ${job.id} is still ${status === 'queued' ? 'queued' : 'in progress'}; only completed or failed videos can be deleted.`,
				'invalid_request_error',
				null,
				null,
			);
		}
		const answer = this.profile.deleted(job.id, this.video(job));
		job.deleted = true;
		return { ...jsonReply(200, answer), videoId: job.id };
	}

	private content(job: Job, query: URLSearchParams): Reply | Promise<Reply> {
		const profile = this.profile;
		const options = this.ctx.options();
		const refused = profile.refusedVariant(query.get('variant'));
		if (refused) return { ...refused, videoId: job.id };
		const variant = profile.ignoresVariant ? 'video' : parseVariant(query.get('variant'));
		const state = this.stateOf(job);
		if (state.status !== 'completed') return { ...profile.notReady(job, state), videoId: job.id };
		if (state.expiresAt !== null && options.now() >= state.expiresAt * 1000) {
			throw new ApiError(
				404,
				`The assets for video ${job.id} have expired and are no longer available.`,
				'invalid_request_error',
				null,
				null,
			);
		}
		if (this.refuseContent(job)) throw new ApiError(404, NOT_READY_MESSAGE);
		if (profile.contentAsJson)
			return { ...jsonReply(200, this.resellerContent(job)), videoId: job.id };
		if (options.contentRedirect) {
			const location = this.signedFileUrl(this.ctx.filesOrigin(), job, variant);
			return {
				status: 302,
				headers: { location, 'content-type': 'text/plain' },
				body: Buffer.from(`Redirecting to ${location}`),
				videoId: job.id,
			};
		}
		return this.bytes(job, variant, profile.contentHeaders(job));
	}

	/**
	 * The contentFailures knob: refuses the first n /content requests of a completed job (-1: all),
	 * as a server whose file is not there yet would (docs/protocol.md rule 30).
	 */
	private refuseContent(job: Job): boolean {
		const failures = this.ctx.options().contentFailures;
		if (failures !== -1 && job.contentRefusals >= failures) return false;
		job.contentRefusals++;
		return true;
	}

	/** AnyFast-style /content: JSON describing the video, with a signed URL to the bytes. */
	private resellerContent(job: Job): Record<string, unknown> {
		const url = this.signedFileUrl(this.ctx.baseUrl(), job, 'video');
		const video = this.video(job);
		const { id, object, model, status, progress, size, seconds, created_at } = video;
		return { id, object, model, status, progress, url, video_url: url, size, seconds, created_at };
	}

	private async bytes(
		job: Job,
		variant: ContentVariant,
		headers: Record<string, string>,
	): Promise<Reply> {
		const source = await assetFor(job, variant, this.ctx.options().videoBytes);
		return {
			status: 200,
			headers: { 'content-type': source.contentType, ...headers },
			body: source,
			videoId: job.id,
		};
	}

	/** Signed file URLs (content redirect target, reseller JSON url): no auth, the signature is the key. */
	private file(req: ApiRequest): Reply | Promise<Reply> {
		const notFound = () =>
			jsonReply(404, {
				error: {
					message: 'File not found.',
					type: 'invalid_request_error',
					param: null,
					code: null,
				},
			});
		let name: string;
		try {
			name = decodeURIComponent(req.rawId ?? '');
		} catch {
			return notFound();
		}
		const id = name.replace(/\.(mp4|webp|jpg)$/, '');
		const variant = parseVariant(req.url.searchParams.get('variant'));
		const job = this.ctx.jobs.get(id);
		if (!job || req.url.searchParams.get('sig') !== this.ctx.sign(id, variant)) return notFound();
		const state = this.stateOf(job);
		const expired = state.expiresAt !== null && this.ctx.options().now() >= state.expiresAt * 1000;
		if (state.status !== 'completed' || expired) return notFound();
		return this.bytes(job, variant, {});
	}

	private remix(source: Job, req: ApiRequest): Reply {
		const options = this.ctx.options();
		const body = readBody(req);
		const fields =
			body.kind === 'json'
				? body.value
				: body.kind === 'multipart'
					? multipartFields(body.parts)
					: {};
		if (!isObject(fields)) throw new ApiError(400, 'The request body must be a JSON object.');
		const prompt = parseRemix(fields, this.profile.createRules);
		if (options.validateRequests && this.profile.openaiRequestShape)
			checkRequestSchema('CreateVideoRemixBody', fields);
		if (this.stateOf(source).status !== 'completed') {
			throw new ApiError(
				400,
				`Video ${source.id} is not completed; only completed videos can be remixed.`,
				'invalid_request_error',
				null,
				null,
			);
		}
		const fieldsOfSource = {
			model: source.model,
			size: source.size,
			seconds: source.seconds,
			reference: null,
		};
		const provider = source.id.includes(':')
			? source.id.slice(source.id.lastIndexOf(':') + 1)
			: null;
		const job = newJob(
			this.profile.newId(source.model, provider),
			{ ...fieldsOfSource, prompt, remixedFrom: source.id },
			options,
		);
		this.addJob(job);
		return { ...jsonReply(this.profile.createStatus, this.video(job, true)), videoId: job.id };
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseVariant(value: string | null): ContentVariant {
	if (value === null) return 'video';
	if ((VARIANTS as string[]).includes(value)) return value as ContentVariant;
	throw invalidValue(
		'variant',
		`Invalid value: '${value}'. Supported values are: ${quotedList(VARIANTS, 'and')}.`,
	);
}

function parseLimit(value: string | null, defaultLimit: number): number {
	if (value === null) return defaultLimit;
	const limit = /^\d+$/.test(value) ? Number(value) : NaN;
	if (!(limit >= 1 && limit <= MAX_LIST)) {
		throw invalidValue(
			'limit',
			`Invalid 'limit': expected an integer between 1 and ${MAX_LIST}, but got '${value}'.`,
		);
	}
	return limit;
}

function readBody(req: ApiRequest): Body {
	if (req.body.length === 0) return { kind: 'empty' };
	const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
	if (contentType.startsWith('application/json')) {
		try {
			return { kind: 'json', value: JSON.parse(req.body.toString('utf8')) as unknown };
		} catch {
			throw new ApiError(
				400,
				"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
			);
		}
	}
	if (contentType.startsWith('multipart/form-data')) {
		const boundary = boundaryOf(String(req.headers['content-type']));
		const parts = boundary ? parseMultipart(req.body, boundary) : null;
		if (!parts) throw new ApiError(400, 'Could not parse multipart form data.');
		return { kind: 'multipart', parts };
	}
	throw new ApiError(
		400,
		`Invalid Content-Type header (${contentType || 'none'}), expected multipart/form-data or application/json.`,
	);
}

/** Multipart fields as the request schema sees them: files as strings, bracket keys as objects. */
function multipartForSchema(parts: FormPart[]): Record<string, unknown> {
	const shaped: Record<string, unknown> = {};
	for (const part of parts) {
		const bracket = /^(\w+)\[(\w+)\]$/.exec(part.name);
		if (bracket) {
			const inner = (shaped[bracket[1]] ?? {}) as Record<string, unknown>;
			shaped[bracket[1]] = { ...inner, [bracket[2]]: part.data.toString('utf8') };
		} else {
			shaped[part.name] = part.filename === null ? part.data.toString('utf8') : '<binary>';
		}
	}
	return shaped;
}

function checkRequestSchema(name: SchemaName, value: unknown): void {
	const problems = schemaErrors(name, value);
	if (problems)
		throw new ApiError(400, `Request body does not match the OpenAPI schema ${name}: ${problems}`);
}
