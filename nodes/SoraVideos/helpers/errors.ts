import type { IDataObject } from 'n8n-workflow';

/** An HTTP error body reduced to what a user needs, whichever of the five known shapes it came in. */
export interface ParsedErrorBody {
	message: string | null;
	code: string | null;
	type: string | null;
	param: string | null;
}

const text = (value: unknown): string | null => {
	if (value === undefined || value === null || value === '' || value === 'None') return null;
	return typeof value === 'string' ? value : JSON.stringify(value);
};

/**
 * Reads `{error:{message,type,param,code}}` (OpenAI, LiteLLM, Azure), `{error:"…"}`,
 * `{message,code}` (new-api tasks), `{detail}` (FastAPI) and `{msg,code}` (resellers).
 */
export function parseErrorBody(body: unknown): ParsedErrorBody {
	const none: ParsedErrorBody = { message: null, code: null, type: null, param: null };
	// Text and numbers have none of the fields read below, so only null and undefined need a guard.
	const data = (body ?? {}) as IDataObject;
	const error = data.error;
	if (error && typeof error === 'object') {
		const inner = error as IDataObject;
		return {
			message: text(inner.message),
			code: text(inner.code),
			type: text(inner.type),
			param: text(inner.param),
		};
	}
	if (typeof error === 'string') return { ...none, message: error, code: text(data.code) };
	if (typeof data.message === 'string')
		return { ...none, message: data.message, code: text(data.code) };
	if (data.detail !== undefined) {
		const detail = data.detail;
		const message =
			detail && typeof detail === 'object' && !Array.isArray(detail)
				? (detail as IDataObject).message
				: detail;
		return { ...none, message: text(message) };
	}
	if (typeof data.msg === 'string') return { ...none, message: data.msg, code: text(data.code) };
	return none;
}

/** Replaces every occurrence of the secret, so no message, description or output can carry it. */
export function redact(value: string, secret: string | undefined): string {
	if (!secret || secret.length < 4) return value;
	return value.split(secret).join('[redacted]');
}

export function snippet(raw: string, length = 300): string {
	const flat = raw.replace(/\s+/g, ' ').trim();
	return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
