import type { IDataObject } from 'n8n-workflow';

import type { FailedAnswer, RawResponse } from './types';

/**
 * The one header reader: n8n hands headers over lower-cased (callers ask in lower case), a repeated
 * header as an array.
 */
export function headerValue(headers: IDataObject, name: string): string | undefined {
	const value = headers[name];
	if (Array.isArray(value)) return String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

/** A header's text, '' when it is absent: for reading numbers and patterns out of it. */
export function headerText(headers: IDataObject, name: string): string {
	return headerValue(headers, name) ?? '';
}

/** The answer says it is an HTML page (a proxy's error page, a dashboard). */
export const saysHtml = (headers: IDataObject) => /html/i.test(headerText(headers, 'content-type'));

/**
 * A success is any 2xx (docs/protocol.md rule 7). Below 200 needs no test: Node's HTTP client
 * handles 1xx answers itself, so a response always has a final status.
 */
export const isSuccess = (statusCode: number) => statusCode < 300;

/** A response and the bytes read of its body: what error messages and answer rules judge. */
export const answerOf = (response: RawResponse, bytes: Buffer): FailedAnswer => ({
	status: response.statusCode,
	headers: response.headers,
	bytes,
});

export function contentLength(headers: IDataObject): number | undefined {
	const value = Number.parseInt(headerText(headers, 'content-length'), 10);
	return Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function isJsonLike(headers: IDataObject, bytes: Buffer): boolean {
	if (/json/i.test(headerText(headers, 'content-type'))) return true;
	const first = bytes.subarray(0, 64).toString('utf8').trimStart()[0];
	return !saysHtml(headers) && (first === '{' || first === '[');
}

export function parseJson(bytes: Buffer): IDataObject | undefined {
	try {
		const parsed: unknown = JSON.parse(bytes.toString('utf8'));
		return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}
