import { assetFor } from '../assets';
import { ApiError, invalidValue, quotedList } from '../errors';
import type { Job } from '../jobs';
import { NOT_READY_MESSAGE } from '../profiles';
import { type Reply, jsonReply } from '../reply';
import type { ContentVariant } from '../types';
import {
	type ApiContext,
	type ApiRequest,
	isExpired,
	signedFileUrl,
	stateOf,
	videoOf,
} from './context';

/**
 * The routes that serve a job's bytes: GET /videos/{id}/content, and GET /files/{id} on the second
 * origin, where signed URLs (content redirects, new-api and Bifrost result URLs) point.
 */

const VARIANTS: ContentVariant[] = ['video', 'thumbnail', 'spritesheet'];

export function content(ctx: ApiContext, job: Job, query: URLSearchParams): Reply | Promise<Reply> {
	const profile = ctx.profile();
	const options = ctx.options();
	const refused = profile.refusedVariant(query.get('variant'));
	if (refused) return { ...refused, videoId: job.id };
	const variant = profile.ignoresVariant ? 'video' : parseVariant(query.get('variant'));
	const state = stateOf(ctx, job);
	if (state.status !== 'completed') return { ...profile.notReady(job, state), videoId: job.id };
	if (isExpired(ctx, state)) {
		throw new ApiError(
			404,
			`The assets for video ${job.id} have expired and are no longer available.`,
			'invalid_request_error',
			null,
			null,
		);
	}
	if (refuseContent(ctx, job)) throw new ApiError(404, NOT_READY_MESSAGE);
	if (profile.contentAsJson)
		return { ...jsonReply(200, resellerContent(ctx, job)), videoId: job.id };
	if (options.contentRedirect) {
		const location = signedFileUrl(ctx, ctx.filesOrigin(), job, variant);
		return {
			status: 302,
			headers: { location, 'content-type': 'text/plain' },
			body: Buffer.from(`Redirecting to ${location}`),
			videoId: job.id,
		};
	}
	return bytes(ctx, job, variant, profile.contentHeaders(job));
}

/** Signed file URLs (content redirect target, reseller JSON url): no auth, the signature is the key. */
export function file(ctx: ApiContext, req: ApiRequest): Reply | Promise<Reply> {
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
	const job = ctx.jobs.get(id);
	if (!job || req.url.searchParams.get('sig') !== ctx.sign(id, variant)) return notFound();
	const state = stateOf(ctx, job);
	if (state.status !== 'completed' || isExpired(ctx, state)) return notFound();
	return bytes(ctx, job, variant, {});
}

/**
 * The contentFailures knob: refuses the first n /content requests of a completed job (-1: all),
 * as a server whose file is not there yet would (docs/protocol.md rule 30).
 */
function refuseContent(ctx: ApiContext, job: Job): boolean {
	const failures = ctx.options().contentFailures;
	if (failures !== -1 && job.contentRefusals >= failures) return false;
	job.contentRefusals++;
	return true;
}

/** AnyFast-style /content: JSON describing the video, with a signed URL to the bytes. */
function resellerContent(ctx: ApiContext, job: Job): Record<string, unknown> {
	const url = signedFileUrl(ctx, ctx.baseUrl(), job, 'video');
	const video = videoOf(ctx, job);
	const { id, object, model, status, progress, size, seconds, created_at } = video;
	return { id, object, model, status, progress, url, video_url: url, size, seconds, created_at };
}

async function bytes(
	ctx: ApiContext,
	job: Job,
	variant: ContentVariant,
	headers: Record<string, string>,
): Promise<Reply> {
	const source = await assetFor(job, variant, ctx.options().videoBytes);
	return {
		status: 200,
		headers: { 'content-type': source.contentType, ...headers },
		body: source,
		videoId: job.id,
	};
}

function parseVariant(value: string | null): ContentVariant {
	if (value === null) return 'video';
	if ((VARIANTS as string[]).includes(value)) return value as ContentVariant;
	throw invalidValue(
		'variant',
		`Invalid value: '${value}'. Supported values are: ${quotedList(VARIANTS, 'and')}.`,
	);
}
