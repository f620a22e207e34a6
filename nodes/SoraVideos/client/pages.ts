import type { IDataObject } from 'n8n-workflow';

/** The most a server is asked for at once (OpenAI's own cap). */
export const MAX_PAGE = 100;

export interface PageRequest {
	limit: number;
	after?: string;
}

export interface PagingOptions {
	/** How many videos at most; `Infinity` for all. */
	limit: number;
	fetchPage(request: PageRequest): Promise<IDataObject>;
	/** Told when a server with cursors sends a page or cursor again: paging stops there. */
	onRepeat(found: number, cursor: string): void;
}

/**
 * Where the next page starts, if there may be one: the server's cursor, or, without has_more
 * (SGLang, TensorRT-LLM), the last id of a full page (docs/protocol.md rule 32).
 */
function nextPage(body: IDataObject, page: IDataObject[], pageSize: number) {
	const cursorFields = body.has_more !== undefined;
	const more = cursorFields ? body.has_more === true : page.length >= pageSize;
	const cursor = typeof body.last_id === 'string' ? body.last_id : page.at(-1)?.id;
	return { cursorFields, next: more && typeof cursor === 'string' ? cursor : undefined };
}

/**
 * The list's videos, page by page, each video once, at most `limit` of them (docs/protocol.md rule
 * 32): cursor pages while has_more says so, or full pages without it, stopping on a short, empty or
 * repeated page.
 */
export async function* pagesOf(options: PagingOptions): AsyncGenerator<IDataObject[]> {
	const seenIds = new Set<unknown>();
	const usedCursors = new Set<string>();
	let found = 0;
	let after: string | undefined;
	while (found < options.limit) {
		const pageSize = Math.min(MAX_PAGE, options.limit - found);
		const body = await options.fetchPage({ limit: pageSize, after });
		const page = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
		// Seen ids include this page's own: a server may send one twice on a page too.
		const fresh = page.filter((video) => {
			if (video.id === undefined) return true;
			if (seenIds.has(video.id)) return false;
			seenIds.add(video.id);
			return true;
		});
		const kept = fresh.slice(0, options.limit - found);
		found += kept.length;
		if (kept.length > 0) yield kept;
		const { cursorFields, next } = nextPage(body, page, pageSize);
		if (!next) return;
		// A server that ignores `after` or cycles its cursors would otherwise be paged forever. Without
		// cursor fields that is how a server with no paging (TensorRT-LLM) says it sent everything.
		if (fresh.length === 0 || usedCursors.has(next)) {
			if (cursorFields) options.onRepeat(found, next);
			return;
		}
		usedCursors.add(next);
		after = next;
	}
}
