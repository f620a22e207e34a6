import type { IDataObject } from 'n8n-workflow';

import { clock } from '../helpers/clock';
import { apiError, failureError, isTransient } from './errors';
import { headerText, headerValue } from './response';
import { throwIfCancelled } from '../helpers/cancel';
import type { FailedAnswer, RequestKind, Session } from './types';

/** Retry facts shared by every request: the official SDKs' constants (docs/protocol.md rule 21). */
export const retryPolicy = {
	maxRetries: 5,
	initialDelayMs: 500,
	maxDelayMs: 8000,
	maxServerDelayMs: 60000,
};

const retriedStatuses = new Set([408, 409, 429]);

/**
 * Whether an HTTP failure is worth another try (docs/protocol.md rules 22 and 23). Retriable
 * requests: `x-should-retry: true|false` decides first, as in the SDKs, then 408/409/429/5xx.
 * Sent-once requests (create, remix) only on 429, the one answer that says the job was not
 * started; `x-should-retry: true` cannot promise that, so only `false` counts.
 */
export function isRetriableAnswer(
	status: number,
	kind: RequestKind,
	headers: IDataObject = {},
): boolean {
	const verdict = headerValue(headers, 'x-should-retry');
	if (verdict === 'false') return false;
	if (kind === 'sentOnce') return status === 429;
	if (verdict === 'true') return true;
	return retriedStatuses.has(status) || status >= 500;
}

/**
 * The delay the server asked for (`retry-after-ms`, then `retry-after` in seconds or as a date), if
 * sane.
 */
export function serverRetryDelayMs(headers: IDataObject, nowMs: number): number | undefined {
	const afterMs = Number.parseFloat(headerText(headers, 'retry-after-ms'));
	let delay = Number.isFinite(afterMs) ? afterMs : undefined;
	const after = headerValue(headers, 'retry-after');
	if (delay === undefined && after !== undefined) {
		const seconds = Number.parseFloat(after);
		delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(after) - nowMs;
	}
	if (delay === undefined || !Number.isFinite(delay) || delay < 0) return undefined;
	return Math.min(delay, retryPolicy.maxServerDelayMs);
}

/**
 * When a status answer says to look again: `openai-poll-after-ms`, else `retry-after`
 * (docs/protocol.md rule 25).
 */
export function pollHintMs(headers: IDataObject, nowMs: number): number | undefined {
	const hint = Number(headerValue(headers, 'openai-poll-after-ms'));
	return Number.isFinite(hint) && hint > 0 ? hint : serverRetryDelayMs(headers, nowMs);
}

/** Exponential backoff with up to 25 % jitter: about 0.5 s, 1 s, 2 s, 4 s, 8 s. */
export function backoffDelayMs(retriesDone: number, random: () => number = Math.random): number {
	const delay = Math.min(retryPolicy.initialDelayMs * 2 ** retriesDone, retryPolicy.maxDelayMs);
	return delay * (1 - 0.25 * random());
}

/** Sleeps before the next attempt, or says there is none left. */
async function pauseBeforeRetry(
	session: Session,
	retriesDone: number,
	headers?: IDataObject,
): Promise<boolean> {
	if (session.request.kind === 'lookup' || retriesDone >= retryPolicy.maxRetries) return false;
	const delay =
		(headers && serverRetryDelayMs(headers, clock.now())) ?? backoffDelayMs(retriesDone);
	session.ctx.logger.debug(
		`Sora Videos: retrying ${session.request.action} in ${Math.round(delay)} ms`,
	);
	throwIfCancelled(session.ctx, session.request.itemIndex);
	await clock.sleep(delay, session.ctx.getExecutionCancelSignal?.());
	return true;
}

/** What one attempt gives: a result, or an HTTP failure to judge by its status. */
export type Attempt<T> = { result: T } | FailedAnswer;

/**
 * Overrides the status rule for one failed answer: `true` retries it, `false` settles on it,
 * `undefined` leaves it to `isRetriableAnswer`.
 */
export type AnswerRule = (answer: FailedAnswer, retriesDone: number) => boolean | undefined;

/**
 * Runs `attempt` with the retry rules of the request's kind until it gives a result or a failed
 * answer not worth another try, and returns that. `attempt` throws a transient failure (network,
 * stall, truncation) to be retried; one out of tries is thrown as the request's error.
 */
export async function retryUntilSettled<T>(
	session: Session,
	attempt: () => Promise<Attempt<T>>,
	answerRule?: AnswerRule,
): Promise<Attempt<T>> {
	const { ctx, request } = session;
	for (let retriesDone = 0; ; retriesDone++) {
		throwIfCancelled(ctx, request.itemIndex);
		const outcome = await attempt().catch((error: unknown) => ({ error }));
		if ('error' in outcome) {
			throwIfCancelled(ctx, request.itemIndex);
			if (!isTransient(outcome.error)) throw outcome.error;
			const retriable = request.kind === 'retriable' || outcome.error.context.stage === 'refused';
			if (retriable && (await pauseBeforeRetry(session, retriesDone))) continue;
			throw failureError(session, outcome.error);
		}
		if ('result' in outcome) return outcome;
		const retry =
			answerRule?.(outcome, retriesDone) ??
			isRetriableAnswer(outcome.status, request.kind, outcome.headers);
		if (retry && (await pauseBeforeRetry(session, retriesDone, outcome.headers))) continue;
		return outcome;
	}
}

/** Like `retryUntilSettled`, with a failed answer thrown as the request's error. */
export async function withRetries<T>(
	session: Session,
	attempt: () => Promise<Attempt<T>>,
): Promise<T> {
	const outcome = await retryUntilSettled(session, attempt);
	if ('result' in outcome) return outcome.result;
	throw apiError(session, outcome);
}
