import type { IBinaryData, IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { clock } from '../helpers/clock';
import { snippet } from '../helpers/errors';
import { readableFileName } from '../helpers/fileName';
import { SERVER_TRAITS, type ServerKind, type ServerTraits } from '../helpers/servers';
import { findContentUrl, normaliseVideo, type Video } from '../helpers/video';
import { readVideoModels, type VideoModel } from '../helpers/videoModels';
import {
	apiRequest,
	downloadContent,
	pollHintMs,
	serverOf,
	type ApiRequest,
	type ApiResponse,
	type DownloadContext,
	type RequestContext,
	type Variant,
} from '../transport';
import {
	explainCreate,
	explainDelete,
	explainList,
	explainMissingRoute,
	explainRemix,
	explainUnknownVideo,
} from './hints';
import { pagesOf } from './pages';

export type { DownloadContext, RequestContext, Variant };

export interface ListOptions {
	/** How many videos at most; `Infinity` for all. */
	limit: number;
	order?: string;
}

/** One execution's video model catalog (Create checks every item against it before sending any). */
const catalogs = new WeakMap<object, Promise<VideoModel[] | null>>();

/**
 * Ids are opaque: `:`, `=`, `+` and `/` all travel inside one path segment (docs/protocol.md rule
 * 4).
 */
function videoPath(videoId: string, route = ''): string {
	return `/videos/${encodeURIComponent(videoId)}${route}`;
}

/**
 * The Videos API, one method per endpoint, in the spirit of openai-node's `Videos` resource: the
 * one place that knows the paths, which requests may be repeated, how the list pages and what each
 * endpoint's failures mean. Requests that start billed jobs are sent once; every other request is
 * retriable (docs/protocol.md rules 22 and 23).
 */
export class Videos<Context extends RequestContext = RequestContext> {
	constructor(
		private readonly ctx: Context,
		private readonly itemIndex: number,
	) {}

	private async send(request: Omit<ApiRequest, 'itemIndex'>): Promise<ApiResponse> {
		return await apiRequest(this.ctx, { ...request, itemIndex: this.itemIndex });
	}

	/** The credential's Server choice: what a server needs that its answers cannot tell. */
	async server(): Promise<ServerKind> {
		return await serverOf(this.ctx, this.itemIndex);
	}

	private async traits(): Promise<ServerTraits> {
		return SERVER_TRAITS[await this.server()];
	}

	/** A job object in OpenAI's words, read with the statuses the server means otherwise. */
	private async normalise(body: IDataObject): Promise<Video> {
		return normaliseVideo(body, (await this.traits()).statuses);
	}

	/**
	 * Sends a request that starts a billed job, once. A 2xx without a job id is the server's fault
	 * (docs/protocol.md rule 14): no job can be followed, so it is an error, not an output.
	 */
	private async startJob(request: Omit<ApiRequest, 'itemIndex' | 'kind'>): Promise<Video> {
		const response = await this.send({ ...request, kind: 'sentOnce' });
		const video = await this.normalise(response.body);
		if (!video.id) {
			const answer = snippet(JSON.stringify(response.body));
			throw new NodeApiError(this.ctx.getNode(), { answer } as JsonObject, {
				message: `${request.action} failed: the server accepted the request but returned no job ID`,
				description: `It answered HTTP ${response.statusCode}: ${answer}`,
				httpCode: String(response.statusCode),
				itemIndex: this.itemIndex,
			});
		}
		return video;
	}

	/** Starts a job; a "Model mismatch" names the models the server lists (rule 5). */
	async create(body: IDataObject | FormData): Promise<Video> {
		const request = { method: 'POST', path: '/videos', body, action: 'Create' } as const;
		return await this.startJob({ ...request, explain: explainCreate }).catch(
			async (error: unknown) => {
				throw await this.withServedModels(error);
			},
		);
	}

	async remix(videoId: string, prompt: string): Promise<Video> {
		return await this.startJob({
			method: 'POST',
			path: videoPath(videoId, '/remix'),
			body: { prompt },
			action: `Remix of video ${videoId}`,
			explain: explainRemix,
		});
	}

	/** Edits a completed video (`video: {id}`, JSON) or an uploaded one (multipart): a paid job. */
	async edit(body: IDataObject | FormData): Promise<Video> {
		const explain = explainMissingRoute('Edit');
		return await this.startJob({
			method: 'POST',
			path: '/videos/edits',
			body,
			action: 'Edit',
			explain,
		});
	}

	/** Extends a video by a new segment; the job's `seconds` is the stitched total. A paid job. */
	async extend(body: IDataObject | FormData): Promise<Video> {
		const explain = explainMissingRoute('Extend');
		const request = { method: 'POST', path: '/videos/extensions', body, action: 'Extend' } as const;
		return await this.startJob({ ...request, explain });
	}

	/**
	 * Creates a character from a name and a short MP4. Retriable, not sent once: a character is no
	 * job and costs nothing (api-contract §2.9), so a repeat after a broken connection can at worst
	 * leave an unused duplicate, while a 5xx or a reset during a long upload is worth another try
	 * (docs/protocol.md rule 22). The upload streams again from the binary store on each try.
	 */
	async createCharacter(body: FormData): Promise<IDataObject> {
		const explain = explainMissingRoute('Characters');
		const request = { method: 'POST', path: '/videos/characters', body } as const;
		const response = await this.send({
			...request,
			kind: 'retriable',
			action: 'Character Create',
			explain,
		});
		return response.body;
	}

	async retrieveCharacter(characterId: string): Promise<IDataObject> {
		const explain = explainMissingRoute('Characters');
		const response = await this.send({
			method: 'GET',
			path: `/videos/characters/${encodeURIComponent(characterId)}`,
			kind: 'retriable',
			action: `Get character ${characterId}`,
			explain,
		});
		return response.body;
	}

	/**
	 * One status read, when the server says to look again (docs/protocol.md rule 25) and the
	 * interval it asks clients to keep (rule 38).
	 */
	async retrieve(videoId: string): Promise<{
		video: Video;
		pollAfterMs?: number;
		advisedMs?: ServerTraits['pollAdvice'];
	}> {
		const response = await this.send({
			method: 'GET',
			path: videoPath(videoId),
			kind: 'retriable',
			action: `Get video ${videoId}`,
			explain: explainUnknownVideo,
		});
		const video = await this.normalise(response.body);
		// Some servers omit the id on reads; the one asked for is the one answered.
		if (!video.id) video.id = videoId;
		const advisedMs = (await this.traits()).pollAdvice;
		return { video, pollAfterMs: pollHintMs(response.headers, clock.now()), advisedMs };
	}

	/**
	 * The videos the server lists, page by page, each once (docs/protocol.md rule 32), with the query
	 * parameters the credential's server needs unless the credential sets them (rule 36).
	 */
	async *list(options: ListOptions): AsyncGenerator<Video[]> {
		const { listQuery, statuses } = await this.traits();
		const pages = pagesOf({
			limit: options.limit,
			fetchPage: async ({ limit, after }) => {
				const qs: IDataObject = { limit };
				if (options.order) qs.order = options.order;
				if (after) qs.after = after;
				const request = { method: 'GET', path: '/videos', qs, defaultQs: listQuery } as const;
				const response = await this.send({
					...request,
					kind: 'retriable',
					action: 'Get Many',
					explain: explainList,
				});
				return response.body;
			},
			onRepeat: (found, cursor) =>
				this.ctx.logger.warn(
					`Sora Videos: Get Many stopped after ${found} videos: the server sent a page it had already sent (cursor ${cursor})`,
				),
		});
		for await (const page of pages) yield page.map((video) => normaliseVideo(video, statuses));
	}

	/** The server's answer to a delete, `{}` for an empty one (docs/protocol.md rule 33). */
	async delete(videoId: string): Promise<IDataObject> {
		const response = await this.send({
			method: 'DELETE',
			path: videoPath(videoId),
			kind: 'retriable',
			action: `Delete of video ${videoId}`,
			explain: explainDelete,
		});
		return response.body;
	}

	private async withServedModels(error: unknown): Promise<unknown> {
		if (!(error instanceof NodeApiError)) return error;
		if (!/model mismatch/i.test(`${error.message} ${error.description}`)) return error;
		const ids = await this.models().catch(() => []);
		if (ids.length > 0) {
			const said = error.description ?? '';
			error.description = `This server serves ${ids.join(', ')}: pick it as the Model, or leave Model empty so the server uses its own. ${said}`;
		}
		return error;
	}

	/**
	 * The model ids the server lists at GET /models, or its video models where it lists those apart
	 * (OpenRouter); asked once without `retry` (the editor waits).
	 */
	async models({ retry = true } = {}): Promise<string[]> {
		if ((await this.traits()).videoModelsPath)
			return (await this.videoModels({ retry })).map((model) => model.id);
		const response = await this.send({
			method: 'GET',
			path: '/models',
			kind: retry ? 'retriable' : 'lookup',
			action: 'List of models',
		});
		const data = Array.isArray(response.body.data) ? (response.body.data as IDataObject[]) : [];
		return data
			.map((entry) => entry.id)
			.filter((id): id is string => typeof id === 'string' && id !== '');
	}

	/** The video models the server lists with what each supports (OpenRouter's GET /videos/models). */
	async videoModels({ retry = true } = {}): Promise<VideoModel[]> {
		const response = await this.send({
			method: 'GET',
			path: (await this.traits()).videoModelsPath ?? '/videos/models',
			kind: retry ? 'retriable' : 'lookup',
			action: 'List of video models',
		});
		return readVideoModels(response.body);
	}

	/**
	 * The catalog Create's checks read: asked once per execution, null where the server keeps none
	 * or it cannot be read (the server then judges the request alone).
	 */
	async videoModelCatalog(): Promise<VideoModel[] | null> {
		if (!(await this.traits()).videoModelsPath) return null;
		let catalog = catalogs.get(this.ctx);
		if (!catalog) {
			catalog = this.videoModels().catch((error: Error) => {
				this.ctx.logger.warn(
					`Sora Videos: no model checks, the model list failed: ${error.message}`,
				);
				return null;
			});
			catalogs.set(this.ctx, catalog);
		}
		return await catalog;
	}

	/**
	 * A completed job's file in n8n's binary store; its own URL is the fallback (docs/protocol.md
	 * rule 30). Named `fileName`, else a readable name from the job's prompt and id.
	 */
	async downloadContent(
		this: Videos<DownloadContext>,
		video: Video,
		variant: Variant,
		fileName?: string,
	): Promise<IBinaryData> {
		const { contentQuery } = await this.traits();
		return await downloadContent(this.ctx, {
			path: videoPath(video.id, '/content'),
			qs: { ...contentQuery, ...(variant === 'video' ? {} : { variant }) },
			videoId: video.id,
			variant,
			fileName: fileName ?? readableFileName(video),
			itemIndex: this.itemIndex,
			action: `Download of the ${variant} of video ${video.id}`,
			fallbackUrl: findContentUrl(video),
		});
	}
}

/** The Videos API on behalf of one input item (item 0 for the editor's lists and triggers). */
export function videos<Context extends RequestContext>(
	ctx: Context,
	itemIndex = 0,
): Videos<Context> {
	return new Videos(ctx, itemIndex);
}
