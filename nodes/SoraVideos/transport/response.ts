import type { IDataObject } from 'n8n-workflow';

/** The one header reader: n8n hands headers over lower-cased, a repeated header as an array. */
export function headerValue(headers: IDataObject, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

export function contentLength(headers: IDataObject): number | undefined {
	const value = Number.parseInt(headerValue(headers, 'content-length') ?? '', 10);
	return Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function isJsonLike(headers: IDataObject, bytes: Buffer): boolean {
	const type = headerValue(headers, 'content-type') ?? '';
	if (/json/i.test(type)) return true;
	const first = bytes.subarray(0, 64).toString('utf8').trimStart()[0];
	return !/html/i.test(type) && (first === '{' || first === '[');
}

export function parseJson(bytes: Buffer): IDataObject | undefined {
	try {
		const parsed: unknown = JSON.parse(bytes.toString('utf8'));
		return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}
