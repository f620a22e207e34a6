/* eslint-disable @n8n/community-nodes/require-node-api-error -- Node tooling, not published (DEVELOPERS.md) */
import { ApiError } from '../errors';
import type { Job } from '../jobs';
import type { Profile, RouteName } from '../profiles';
import { type Reply, jsonReply } from '../reply';
import { authenticate } from './auth';
import { createCharacter, getCharacter } from './characters';
import { content, file } from './content';
import type { ApiContext, ApiRequest } from './context';
import { create, remix } from './create';
import { remove } from './delete';
import { edit, extend } from './edits';
import { list, models, retrieve } from './read';
import { samples } from './samples';

/**
 * The API's routes, in OpenAI's semantics, asking the active profile wherever a server differs;
 * one file per resource beside this one. Transport concerns (sockets, faults, logging) live in
 * server.ts.
 */

export type { ApiContext, ApiRequest } from './context';
export { videoOf } from './context';
export { classify } from './paths';

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
		const { ctx, profile } = this;
		const { route } = req;
		const path = req.url.pathname;
		if (route === 'GET /files/{id}') return file(ctx, req);
		if (route === 'GET /samples' || route === 'GET /samples/{id}') return samples(ctx, req);
		// A web UI (new-api) answers unknown paths before any auth.
		const page = route === null && req.origin === 'api' ? profile.webPage(path) : null;
		if (page) return page;
		const isPublic = route !== null && profile.publicRoutes.includes(route);
		const authError = isPublic ? null : authenticate(profile, ctx.options().apiKey, req.headers);
		if (authError) return profile.error(authError);
		if (route === null) return profile.unknownRoute(req.method, path);
		const missing = profile.missingRoutes[route];
		if (missing) return missing(req.method, path);
		if (route === 'POST /videos') return create(ctx, req);
		if (route === 'GET /videos') return list(ctx, req);
		if (route === 'GET /models') return models(ctx);
		if (route === 'GET /videos/models') return jsonReply(200, { data: profile.videoModels ?? [] });
		if (route === 'POST /videos/edits') return edit(ctx, req);
		if (route === 'POST /videos/extensions') return extend(ctx, req);
		if (route === 'POST /videos/characters') return createCharacter(ctx, req);
		if (route === 'GET /videos/characters/{id}') return getCharacter(ctx, req);
		const found = this.findJob(req, route);
		if (!('job' in found)) return found.reply;
		const { job } = found;
		if (route === 'GET /videos/{id}') return retrieve(ctx, job);
		if (route === 'DELETE /videos/{id}') return remove(ctx, job);
		if (route === 'GET /videos/{id}/content') return content(ctx, job, req.url.searchParams);
		return remix(ctx, job, req);
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
}
