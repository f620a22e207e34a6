import type { ByteSource } from './assets';

/**
 * What a route handler answers, before it is written. Keeping it as data lets the server apply
 * faults (stall, truncate) to any answer and validate JSON bodies against the schema.
 */
export interface Reply {
	status: number;
	headers: Record<string, string>;
	body: Buffer | ByteSource;
	/** The JSON value of the body, kept for response-schema validation. */
	json?: unknown;
	videoId?: string;
	/** Destroy the connection instead of answering (the job stays created): "drop-create". */
	drop?: boolean;
}

export function jsonReply(
	status: number,
	value: unknown,
	headers: Record<string, string> = {},
): Reply {
	return {
		status,
		headers: { 'content-type': 'application/json', ...headers },
		body: Buffer.from(JSON.stringify(value)),
		json: value,
	};
}

export function textReply(status: number, contentType: string, text: string): Reply {
	return { status, headers: { 'content-type': contentType }, body: Buffer.from(text) };
}

/**
 * FastAPI's answer to a method no route of a matching path has (POST /videos/edits where only
 * GET and DELETE /videos/{video_id} exist).
 */
export const fastApiMethodNotAllowed = (): Reply =>
	jsonReply(405, { detail: 'Method Not Allowed' }, { allow: 'GET, DELETE' });

/** FastAPI's answer when no route matches (LiteLLM, TensorRT-LLM). */
export const fastApiNotFound = (): Reply => jsonReply(404, { detail: 'Not Found' });
