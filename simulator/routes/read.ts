import { invalidValue } from '../errors';
import type { Job } from '../jobs';
import { servedModelEntry } from '../profiles';
import { type Reply, jsonReply } from '../reply';
import { type ApiContext, type ApiRequest, servedModel, stateOf, videoOf } from './context';

/** The routes that read jobs and models: GET /videos/{id}, GET /videos and GET /models. */

const KNOWN_MODELS = [
	'sora-2',
	'sora-2-pro',
	'sora-2-2025-10-06',
	'sora-2-pro-2025-10-06',
	'sora-2-2025-12-08',
];
const MAX_LIST = 100;

export function retrieve(ctx: ApiContext, job: Job): Reply {
	const pollAfterMs = ctx.options().pollAfterMs;
	const headers: Record<string, string> =
		pollAfterMs === null ? {} : { 'openai-poll-after-ms': String(pollAfterMs) };
	const status = ctx.profile().retrieveStatus(job, stateOf(ctx, job));
	return { ...jsonReply(status, videoOf(ctx, job), headers), videoId: job.id };
}

export function list(ctx: ApiContext, req: ApiRequest): Reply {
	const profile = ctx.profile();
	const query = req.url.searchParams;
	const requirement = profile.listRequirement(query, req.headers);
	if (requirement) throw requirement;
	const all = ctx.jobs.all();
	if (profile.list === 'everything')
		return jsonReply(200, { object: 'list', data: all.map((job) => videoOf(ctx, job)) });
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
		return jsonReply(200, { data: page.map((job) => videoOf(ctx, job)), object: 'list' });
	return jsonReply(200, {
		object: 'list',
		data: page.map((job) => videoOf(ctx, job)),
		first_id: page[0]?.id ?? null,
		last_id: page[page.length - 1]?.id ?? null,
		has_more: rest.length > page.length,
	});
}

export function models(ctx: ApiContext): Reply {
	const profile = ctx.profile();
	if (profile.listsServedModel)
		return jsonReply(200, { object: 'list', data: [servedModelEntry(servedModel(ctx))] });
	const created = 1759708800; // 2025-10-06, launch day
	const data = KNOWN_MODELS.map((id) => ({
		id: `${profile.modelPrefix}${id}`,
		object: 'model',
		created,
		owned_by: 'system',
	}));
	return jsonReply(200, { object: 'list', data });
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
