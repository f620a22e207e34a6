import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { parseErrorBody, redact, snippet } from '../helpers/errors';
import { headerValue, parseJson, saysHtml } from './response';
import type { FailedAnswer, Session } from './types';

/**
 * Where a transient failure happened: the connection was `refused` (the request never reached the
 * server), broke while the request was on its way (`connection`), or the server answered and then
 * stopped sending (`body`: a reset, a stall, a truncation, a broken compressed stream).
 */
export type FailureStage = 'refused' | 'connection' | 'body';

/**
 * A failure of the network or of a body, as opposed to an HTTP status the server chose: worth
 * another try for a retriable request, and for a sent-once one only when the connection never
 * reached the server.
 */
export function transientFailure(node: INode, message: string, stage: FailureStage): NodeApiError {
	const error = new NodeApiError(node, { message });
	error.context.transient = true;
	error.context.stage = stage;
	return error;
}

export const bodyFailure = (node: INode, message: string) =>
	transientFailure(node, message, 'body');

export const isTransient = (error: unknown): error is NodeApiError =>
	error instanceof NodeApiError && error.context.transient === true;

/**
 * A node API error stays as it is (transient or not); any other failure while reading a body is
 * transient.
 */
export function asTransient(node: INode, error: unknown): NodeApiError {
	return error instanceof NodeApiError ? error : bodyFailure(node, (error as Error).message);
}

export function describeNetworkError(node: INode, error: unknown): NodeApiError {
	const codes: string[] = [];
	const messages: string[] = [];
	let current = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		if (typeof current.code === 'string') codes.push(current.code);
		if (typeof current.message === 'string') messages.push(current.message);
		current = current.cause as typeof current;
	}
	const refused = [...codes, ...messages].some((text) =>
		/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(text),
	);
	return transientFailure(
		node,
		messages[0] ?? codes[0] ?? 'the connection failed',
		refused ? 'refused' : 'connection',
	);
}

/** A 2xx answer with nothing but an error in it (docs/protocol.md rule 8): a failure, not a job. */
export function isErrorEnvelope(body: IDataObject): boolean {
	const hasError = body.error !== undefined && body.error !== null && body.error !== '';
	return (
		hasError &&
		['id', 'task_id', 'status', 'data', 'object'].every((field) => body[field] === undefined)
	);
}

const htmlHint =
	'An HTML page instead of JSON usually means a proxy error or a wrong Base URL in the credential (it should end with the API root, such as /v1).';

/**
 * The error for an answer the server failed with (or one the node cannot use): the server's own
 * message unless `problem` says what is wrong with the answer, then the status, code, request id
 * and a snippet of the body, never the key (docs/protocol.md rule 11).
 */
export function apiError(session: Session, answer: FailedAnswer, problem?: string): NodeApiError {
	const { ctx, target, request } = session;
	const { status, headers, bytes } = answer;
	const requestId = headerValue(headers, 'x-request-id');
	const raw = redact(bytes.subarray(0, 4096).toString('utf8'), target.apiKey);
	const isHtml = saysHtml(headers) || /^\s*<(!doctype|html)/i.test(raw);
	const body = parseJson(bytes) ?? {};
	const parsed = parseErrorBody(body);
	const serverMessage = parsed.message ? redact(parsed.message, target.apiKey) : undefined;
	const said =
		serverMessage ?? (isHtml ? 'the server answered with an HTML page' : `HTTP ${status}`);
	const hints = [request.explain?.(status, body), isHtml ? htmlHint : undefined];
	const details = [
		`HTTP ${status}`,
		parsed.code ? `code ${parsed.code}` : undefined,
		parsed.type ? `type ${parsed.type}` : undefined,
		parsed.param ? `param ${parsed.param}` : undefined,
		requestId ? `request id ${requestId}` : undefined,
	].filter(Boolean);
	const description = [
		...hints,
		`${details.join(', ')}.`,
		raw ? `Server said: ${snippet(raw)}` : undefined,
	]
		.filter(Boolean)
		.join(' ');
	const errorResponse: JsonObject = {
		message: serverMessage ?? null,
		code: parsed.code,
		type: parsed.type,
		param: parsed.param,
		httpCode: String(status),
		requestId: requestId ?? null,
	};
	const error = new NodeApiError(ctx.getNode(), errorResponse, {
		message: `${request.action} failed: ${problem ?? said}`,
		description,
		httpCode: String(status),
		itemIndex: request.itemIndex,
	});
	error.context.requestId = requestId;
	error.context.httpCode = status;
	return error;
}

function failureDescription(session: Session, failure: NodeApiError, ambiguous: boolean): string {
	const { baseUrl } = session.target;
	if (ambiguous) {
		return "The connection broke after the request was sent, so the server may have started the job (and may bill it). It was not sent again to avoid a duplicate. Use Get Many (or your server's dashboard) to find a job with this prompt before retrying.";
	}
	if (failure.context.stage === 'body') {
		return `The server at ${baseUrl} answered, then stopped sending part-way through its answer, on every try. The credential and Base URL are fine; the server or a proxy in between is failing: try again later or check the server's logs.`;
	}
	return `Check that the credential's Base URL (${baseUrl}) is reachable from n8n.`;
}

/** The error for a transient failure out of tries, or one a sent-once request may not repeat. */
export function failureError(session: Session, failure: NodeApiError): NodeApiError {
	const { ctx, target, request } = session;
	const ambiguous = request.kind === 'sentOnce' && failure.context.stage !== 'refused';
	const message = redact(failure.message, target.apiKey);
	const error = new NodeApiError(
		ctx.getNode(),
		{ message },
		{
			message: `${request.action} failed: ${message}`,
			description: failureDescription(session, failure, ambiguous),
			itemIndex: request.itemIndex,
		},
	);
	error.context.mayHaveStartedJob = ambiguous;
	return error;
}
