import type { IDataObject } from 'n8n-workflow';

/** The OpenAI statuses plus the terminal non-success states some servers report. */
export type VideoStatus =
	| 'queued'
	| 'in_progress'
	| 'completed'
	| 'failed'
	| 'cancelled'
	| 'expired'
	| 'deleted';

export interface Video extends IDataObject {
	id: string;
	status: string;
	progress: number | null;
	seconds: string | null;
	error: { code: string; message: string } | null;
}

const statusSynonyms: Record<string, VideoStatus> = {
	queued: 'queued',
	pending: 'queued',
	submitted: 'queued',
	not_start: 'queued',
	preparing: 'queued',
	created: 'queued',
	starting: 'queued',
	unknown: 'queued',
	in_progress: 'in_progress',
	processing: 'in_progress',
	running: 'in_progress',
	generating: 'in_progress',
	postprocessing: 'in_progress',
	completed: 'completed',
	complete: 'completed',
	succeeded: 'completed',
	success: 'completed',
	finished: 'completed',
	failed: 'failed',
	failure: 'failed',
	error: 'failed',
	cancelled: 'cancelled',
	canceled: 'cancelled',
	expired: 'expired',
	deleted: 'deleted',
};

export const failedStatuses: ReadonlySet<string> = new Set([
	'failed',
	'cancelled',
	'expired',
	'deleted',
]);

/**
 * Any status we do not know is kept as the server sent it and treated as still running
 * (docs/protocol.md rule 15).
 */
export function normaliseStatus(raw: unknown, serverStatuses: Record<string, string> = {}): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) return 'queued';
	const word = text.toLowerCase();
	return Object.hasOwn(serverStatuses, word)
		? serverStatuses[word]
		: (statusSynonyms[word] ?? text);
}

export function normaliseProgress(raw: unknown): number | null {
	// parseFloat reads "42.5%" as 42.5: it stops at the first character that is not part of a number.
	const value = typeof raw === 'string' ? Number.parseFloat(raw) : raw;
	if (typeof value !== 'number' || !Number.isFinite(value)) return null;
	return Math.min(100, Math.max(0, value));
}

function normaliseSeconds(raw: IDataObject): string | null {
	const value = raw.seconds ?? raw.duration;
	// Number.isFinite is true only for finite numbers: it never converts text.
	if (Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim()) return value.trim();
	return null;
}

/** `named` is the word a failure without a reason is named by: the server's own, where it has one. */
function normaliseError(raw: unknown, status: string, named: string): Video['error'] {
	if (typeof raw === 'string' && raw.trim()) return { code: 'error', message: raw.trim() };
	// An error object without a value in it (`{}`, `{"code": null}`) says nothing: as if there were none.
	const said =
		raw && typeof raw === 'object' && Object.values(raw).some((value) => (value ?? '') !== '');
	if (said) {
		const { code, message } = raw as IDataObject;
		return {
			code: String(code ?? 'error'),
			message: typeof message === 'string' && message ? message : JSON.stringify(raw),
		};
	}
	if (failedStatuses.has(status))
		return { code: named, message: `The job ended as "${named}" without a reason` };
	return null;
}

/**
 * Gives every server's job object the OpenAI shape for the fields workflows read (`id`, `status`,
 * `progress`, `seconds`, `error`), keeps every other field as sent, and keeps the server's own
 * value of a normalised field under `server_values` when it differs (docs/protocol.md rules 14 to
 * 20). `serverStatuses` are the statuses that mean something else on the credential's server
 * (helpers/servers.ts).
 */
export function normaliseVideo(
	raw: IDataObject,
	serverStatuses: Record<string, string> = {},
): Video {
	const id =
		typeof raw.id === 'string' && raw.id
			? raw.id
			: typeof raw.task_id === 'string'
				? raw.task_id
				: '';
	const status = normaliseStatus(raw.status, serverStatuses);
	// OpenRouter's `cancelled` reads as failed, yet a failure without a reason says `cancelled`.
	const word = typeof raw.status === 'string' ? raw.status.trim().toLowerCase() : '';
	const normalised = {
		id,
		status,
		progress: status === 'completed' ? 100 : normaliseProgress(raw.progress),
		seconds: normaliseSeconds(raw),
		error: normaliseError(raw.error, status, failedStatuses.has(word) ? word : status),
	};
	const serverValues: IDataObject = {};
	for (const [field, value] of Object.entries(normalised)) {
		const sent = raw[field];
		if (sent !== undefined && JSON.stringify(sent) !== JSON.stringify(value))
			serverValues[field] = sent;
	}
	const video: Video = { ...raw, ...normalised };
	if (Object.keys(serverValues).length > 0) video.server_values = serverValues;
	return video;
}

/**
 * The URL fields gateways put on job objects or on a JSON `/content` answer, in the order to try
 * them (docs/protocol.md rule 27).
 */
export function findContentUrl(body: IDataObject): string | null {
	const first = (list: unknown): unknown => (Array.isArray(list) ? list[0] : undefined);
	// Text and numbers have no such keys, so only null and undefined need a guard.
	const nested = (value: unknown, key: string) => (value as IDataObject | null | undefined)?.[key];
	const candidates = [
		body.url,
		body.video_url,
		body.download_url,
		body.output_url,
		nested(body.metadata, 'url'),
		nested(body.metadata, 'video_url'),
		nested(first(body.data), 'url'),
		nested(first(body.videos), 'url'),
		nested(body.output, 'url'),
		first(body.urls),
		first(body.unsigned_urls),
	];
	const found = candidates.find(
		(value) => typeof value === 'string' && /^https?:\/\//i.test(value),
	);
	return (found as string | undefined) ?? null;
}
