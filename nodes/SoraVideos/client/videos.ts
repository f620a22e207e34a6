import type { IBinaryData, IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { clock } from '../helpers/clock';
import { snippet } from '../helpers/errors';
import { findContentUrl, normaliseVideo, type Video } from '../helpers/video';
import {
	apiRequest,
	downloadContent,
	pollHintMs,
	type ApiRequest,
	type ApiResponse,
	type Variant,
} from '../transport';

/**
 * A hint for a failed answer that the operation understands better (unsupported route, retired
 * model…).
 */
export type Explain = ApiRequest['explain'];

export interface ListQuery {
	limit: number;
	order?: string;
	after?: string;
}

/**
 * Ids are opaque: `:`, `=`, `+` and `/` all travel inside one path segment (docs/protocol.md rule
 * 4).
 */
function videoPath(videoId: string, route = ''): string {
	return `/videos/${encodeURIComponent(videoId)}${route}`;
}

/**
 * The Videos API, one method per endpoint, in the spirit of openai-node's `Videos` resource: the
 * one place that knows the `/videos…` paths and which requests may be repeated. Create and remix
 * start billed jobs and are sent once; every other request is retriable (docs/protocol.md rules
 * 22 and 23).
 */
export class Videos {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	private async send(request: Omit<ApiRequest, 'itemIndex'>) {
		return await apiRequest(this.ctx, { ...request, itemIndex: this.itemIndex });
	}

	/**
	 * Starts a job (refused without a job id, as every job-starting answer is); a "Model mismatch"
	 * names the models the server lists (docs/protocol.md rule 5).
	 */
	async create(body: IDataObject | FormData, explain?: Explain): Promise<Video> {
		const action = 'Create';
		const response = await this.send({
			method: 'POST',
			path: '/videos',
			body,
			kind: 'sentOnce',
			action,
			explain,
		}).catch(async (error: unknown) => {
			throw await this.withServedModels(error);
		});
		return this.startedJob(action, response);
	}

	/** Starts a job from a completed one; like create, an answer without a job id is refused. */
	async remix(videoId: string, prompt: string, explain?: Explain): Promise<Video> {
		const action = `Remix of video ${videoId}`;
		const response = await this.send({
			method: 'POST',
			path: videoPath(videoId, '/remix'),
			body: { prompt },
			kind: 'sentOnce',
			action,
			explain,
		});
		return this.startedJob(action, response);
	}

	/**
	 * The job a request that starts one (create, remix) answered with. A 2xx without a job id is
	 * the server's fault (docs/protocol.md rule 14): the output would name no job to wait for.
	 */
	private startedJob(action: string, response: ApiResponse): Video {
		const video = normaliseVideo(response.body);
		if (!video.id) {
			const answer = snippet(JSON.stringify(response.body));
			throw new NodeApiError(this.ctx.getNode(), { answer } as JsonObject, {
				message: `${action} failed: the server accepted the request but returned no job ID`,
				description: `It answered HTTP ${response.statusCode}: ${answer}`,
				httpCode: String(response.statusCode),
				itemIndex: this.itemIndex,
			});
		}
		return video;
	}

	/** One status read, and when the server says to look again (docs/protocol.md rule 25). */
	async retrieve(videoId: string): Promise<{ video: Video; pollAfterMs?: number }> {
		const response = await this.send({
			method: 'GET',
			path: videoPath(videoId),
			kind: 'retriable',
			action: `Get video ${videoId}`,
		});
		const video = normaliseVideo(response.body);
		// Some servers omit the id on reads; the one asked for is the one answered.
		if (!video.id) video.id = videoId;
		return { video, pollAfterMs: pollHintMs(response.headers, clock.now()) };
	}

	/**
	 * One page of the list, as the server sent it (docs/protocol.md rule 32); `hints` are query
	 * parameters the server needs unless the credential sets them (rule 36).
	 */
	async list(query: ListQuery, explain?: Explain, hints?: IDataObject): Promise<IDataObject> {
		const qs: IDataObject = { limit: query.limit };
		if (query.order) qs.order = query.order;
		if (query.after) qs.after = query.after;
		const response = await this.send({
			method: 'GET',
			path: '/videos',
			qs,
			defaultQs: hints,
			kind: 'retriable',
			action: 'Get Many',
			explain,
		});
		return response.body;
	}

	/** The server's answer to a delete, `{}` for an empty one (docs/protocol.md rule 33). */
	async delete(videoId: string, explain?: Explain): Promise<IDataObject> {
		const response = await this.send({
			method: 'DELETE',
			path: videoPath(videoId),
			kind: 'retriable',
			action: `Delete of video ${videoId}`,
			explain,
		});
		return response.body;
	}

	private async withServedModels(error: unknown): Promise<unknown> {
		if (!(error instanceof NodeApiError)) return error;
		if (!/model mismatch/i.test(`${error.message} ${error.description}`)) return error;
		const ids = await this.models().catch(() => []);
		if (ids.length > 0) {
			// Stryker disable next-line StringLiteral: the transport's API errors always have a description
			const said = error.description ?? '';
			error.description = `This server serves ${ids.join(', ')}: pick it as the Model, or leave Model empty so the server uses its own. ${said}`;
		}
		return error;
	}

	/** The model ids the server lists at GET /models. */
	async models(): Promise<string[]> {
		const response = await this.send({
			method: 'GET',
			path: '/models',
			kind: 'retriable',
			// Stryker disable next-line StringLiteral: withServedModels drops this request's errors
			action: 'List of models',
		});
		const data = Array.isArray(response.body.data) ? (response.body.data as IDataObject[]) : [];
		return data
			.map((entry) => entry.id)
			.filter((id): id is string => typeof id === 'string' && id !== '');
	}

	/**
	 * A completed job's file in n8n's binary store; its own URL is the fallback (docs/protocol.md
	 * rule 30).
	 */
	async downloadContent(video: Video, variant: Variant): Promise<IBinaryData> {
		return await downloadContent(this.ctx, {
			path: videoPath(video.id, '/content'),
			qs: variant === 'video' ? {} : { variant },
			videoId: video.id,
			variant,
			itemIndex: this.itemIndex,
			action: `Download of the ${variant} of video ${video.id}`,
			fallbackUrl: findContentUrl(video),
		});
	}
}

/** The Videos API on behalf of one input item. */
export function videos(ctx: IExecuteFunctions, itemIndex: number): Videos {
	return new Videos(ctx, itemIndex);
}
