/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { appendFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestLogEntry } from './types';

/**
 * The request log: in memory for tests, optionally appended to a JSON-lines file. Secrets never
 * reach it: auth headers and anything named like a key or token keep their presence only.
 */

const SECRET_HEADER =
	/^(authorization|proxy-authorization|api-key|x-litellm-api-key|cookie|set-cookie)$|key|token|secret|password/i;

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		const lower = name.toLowerCase();
		out[lower] = SECRET_HEADER.test(lower)
			? '[redacted]'
			: Array.isArray(value)
				? value.join(', ')
				: value;
	}
	return out;
}

export class RequestLog {
	private readonly entries: RequestLogEntry[] = [];

	constructor(private readonly file: () => string | null) {}

	add(entry: RequestLogEntry): void {
		this.entries.push(entry);
		const file = this.file();
		// Synchronous: the file is complete whenever the log is read, and stop() has nothing to flush.
		if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
	}

	all(): RequestLogEntry[] {
		return this.entries.map((entry) => ({ ...entry, headers: { ...entry.headers } }));
	}

	count(route: string): number {
		return this.entries.filter((entry) => entry.route === route).length;
	}
}
