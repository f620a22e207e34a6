import type { IDataObject } from 'n8n-workflow';

/** Retry facts shared by every request: the same constants as the official SDKs (api-contract.md §6). */
export const retryPolicy = {
	maxRetries: 5,
	initialDelayMs: 500,
	maxDelayMs: 8000,
	maxServerDelayMs: 60000,
};

const retriedStatuses = new Set([408, 409, 429]);

function header(headers: IDataObject, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * Whether an HTTP failure is worth another try. Reads: `x-should-retry: true|false` decides first,
 * as in the SDKs, then 408/409/429/5xx. Paid requests (create, remix) only on 429, the one answer
 * that says the job was not started; `x-should-retry: true` cannot promise that, so only `false` counts.
 */
export function isRetriableAnswer(status: number, kind: 'read' | 'paid', headers: IDataObject = {}): boolean {
	const verdict = header(headers, 'x-should-retry');
	if (verdict === 'false') return false;
	if (kind === 'paid') return status === 429;
	if (verdict === 'true') return true;
	return retriedStatuses.has(status) || status >= 500;
}

/** The delay the server asked for (`retry-after-ms`, then `retry-after` in seconds or as a date), if sane. */
export function serverRetryDelayMs(headers: IDataObject, nowMs: number): number | undefined {
	const afterMs = Number.parseFloat(header(headers, 'retry-after-ms') ?? '');
	let delay = Number.isFinite(afterMs) ? afterMs : undefined;
	const after = header(headers, 'retry-after');
	if (delay === undefined && after !== undefined) {
		const seconds = Number.parseFloat(after);
		delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(after) - nowMs;
	}
	if (delay === undefined || !Number.isFinite(delay) || delay < 0) return undefined;
	return Math.min(delay, retryPolicy.maxServerDelayMs);
}

/** Exponential backoff with up to 25 % jitter: about 0.5 s, 1 s, 2 s, 4 s, 8 s. */
export function backoffDelayMs(retriesDone: number, random: () => number = Math.random): number {
	const delay = Math.min(retryPolicy.initialDelayMs * 2 ** retriesDone, retryPolicy.maxDelayMs);
	return delay * (1 - 0.25 * random());
}
