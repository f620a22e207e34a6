/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { CharacterStore } from '../characters';
import { type Job, type JobState, type JobStore, jobState, type UploadedVideo } from '../jobs';
import { DEFAULT_SERVED_MODEL } from '../options';
import type { Profile, RouteName } from '../profiles';
import type { ContentVariant, SimulatorOptions } from '../types';

/** What every route handler gets: the request, the running simulator, and views of a job. */

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
	characters: CharacterStore;
	baseUrl(): string;
	filesOrigin(): string;
	sign(id: string, variant: ContentVariant): string;
}

const FILE_EXTENSIONS: Record<ContentVariant, string> = {
	video: '.mp4',
	thumbnail: '.webp',
	spritesheet: '.jpg',
};

export function stateOf(ctx: ApiContext, job: Job): JobState {
	const options = ctx.options();
	return jobState(job, options.now(), options.assetLifetimeSeconds);
}

/** True once a completed job's assets are past `expires_at`. */
export function isExpired(ctx: ApiContext, state: JobState): boolean {
	return state.expiresAt !== null && ctx.options().now() >= state.expiresAt * 1000;
}

/** The job as the active profile shows it; `fresh` for the answer to the create call itself. */
export function videoOf(ctx: ApiContext, job: Job, fresh = false): Record<string, unknown> {
	const fileUrl = signedFileUrl(ctx, ctx.filesOrigin(), job, 'video');
	const state = stateOf(ctx, job);
	const expired = state.status === 'completed' && isExpired(ctx, state);
	return ctx.profile().videoObject(job, state, { fileUrl, fresh, baseUrl: ctx.baseUrl(), expired });
}

/** A URL that serves the job's bytes without auth, like a storage bucket's signed URL: the signature is the key. */
export function signedFileUrl(
	ctx: ApiContext,
	origin: string,
	job: Job,
	variant: ContentVariant,
): string {
	const name = `${encodeURIComponent(job.id)}${FILE_EXTENSIONS[variant]}`;
	return `${origin}/files/${name}?variant=${variant}&sig=${ctx.sign(job.id, variant)}`;
}

/** The model a self-hosted profile runs. */
export function servedModel(ctx: ApiContext): string {
	return ctx.options().servedModel ?? DEFAULT_SERVED_MODEL;
}

/** What the server keeps of an uploaded video: enough for a test to prove it arrived whole. */
export function uploadedVideo(file: {
	filename: string;
	contentType: string;
	data: Buffer;
}): UploadedVideo {
	return {
		filename: file.filename,
		contentType: file.contentType,
		bytes: file.data.length,
		sha256: createHash('sha256').update(file.data).digest('hex'),
	};
}
