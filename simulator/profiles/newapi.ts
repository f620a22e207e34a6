import { randomBytes } from 'node:crypto';
import type { JobState } from '../jobs';
import { jsonReply } from '../reply';
import { OPENAI_RULES } from '../validation';
import { envelope, failureOf, lacksNewSurface, openai } from './openai';
import type { Profile } from './profile';

/*
 * new-api (the one-api family of Go gateways): task ids, Go's omitempty, a web UI on unknown
 * paths.
 */

/** new-api's internal upper-case task status, which its "not completed" message shows. */
const NEWAPI_TASK_STATUS: Record<JobState['status'], string> = {
	queued: 'NOT_START',
	in_progress: 'IN_PROGRESS',
	completed: 'SUCCESS',
	failed: 'FAILURE',
};

/** A stand-in for new-api's web UI (a single-page app: one index.html for every path). */
const NEWAPI_INDEX_HTML =
	'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>New API</title></head>' +
	'<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>\n';

export const newapi: Profile = {
	...openai,
	name: 'newapi',
	createRules: {
		...OPENAI_RULES,
		rejectUnknownFields: false,
		stringReference: true,
		acceptDuration: true,
	},
	openaiRequestShape: false,
	rawAuthorization: true,
	ignoresVariant: true,
	// router/web-router.go: NoRoute relays a JSON 404 for paths starting /v1, /api or /assets (a
	// plain string prefix, so /v1beta too) and serves the web UI's index.html, 200, for the rest.
	webPage: (path) =>
		/^\/(v1|api|assets)/.test(path)
			? null
			: {
					status: 200,
					headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
					body: Buffer.from(NEWAPI_INDEX_HTML),
				},
	missingRoutes: {
		'GET /videos': (method, path) => newapi.unknownRoute(method, path),
		'DELETE /videos/{id}': (method, path) => newapi.unknownRoute(method, path),
		// Upstream new-api has none of them (some forks serve edits and extensions).
		...lacksNewSurface((method, path) => newapi.unknownRoute(method, path)),
	},
	newId: () => `task_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`,
	videoObject(job, state, context) {
		// Go's omitempty: optional fields are absent rather than null.
		const video: Record<string, unknown> = {
			id: job.id,
			task_id: job.id,
			object: 'video',
			model: job.model,
			status: state.status === 'queued' && !context.fresh ? 'unknown' : state.status,
			progress: Math.floor(state.progress),
			created_at: Math.floor(job.createdMs / 1000),
		};
		if (state.completedAt !== null) video.completed_at = state.completedAt;
		if (state.expiresAt !== null) video.expires_at = state.expiresAt;
		if (job.seconds !== null) video.seconds = job.seconds;
		video.size = job.size;
		if (job.remixedFrom) video.remixed_from_video_id = job.remixedFrom;
		if (state.status === 'failed')
			video.error = { message: failureOf(job).message, code: failureOf(job).code };
		if (state.status === 'completed') video.metadata = { url: context.fileUrl };
		return video;
	},
	error: (err) => envelope(err, err.param ?? '', err.code ?? ''),
	unknownVideo: (_id, route) =>
		jsonReply(route === 'GET /videos/{id}/content' ? 404 : 400, {
			code: 'task_not_exist',
			message: 'task_not_exist',
			data: null,
		}),
	notReady: (_job, state) =>
		jsonReply(400, {
			error: {
				message: `Task is not completed yet, current status: ${NEWAPI_TASK_STATUS[state.status]}`,
				type: 'invalid_request_error',
			},
		}),
	unknownRoute: (method, path) =>
		jsonReply(404, {
			error: {
				message: `Invalid URL (${method} ${path})`,
				type: 'invalid_request_error',
				param: '',
				code: '',
			},
		}),
	contentHeaders: () => ({ 'cache-control': 'public, max-age=86400' }),
};
