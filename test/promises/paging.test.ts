// README, Get Many, and docs/protocol.md rule 32: for any page shapes (with or without has_more,
// with or without last_id, cursors honoured, ignored or cycling, short and empty pages, ids sent
// twice), Get Many returns each video at most once, only videos the server sent, no more than the
// Limit, and ends. A server that pages honestly gets every video once, in its order, up to the
// Limit; one without has_more is paged while its pages come back full.
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { credentialsAt, outcomeOf, withVirtualClock } from './support/node';
import { holds, PROPERTY_TIMEOUT_MS } from './support/property';
import { startWireServer, type WireAnswer, type WireRequest } from './support/wire';

const MAX_PAGE = 100;

/** How a server pages its list. */
type Paging =
	/** Honours `after`; says has_more, with or without last_id. */
	| { kind: 'cursor'; pageSize: number; lastId: boolean }
	/** Honours `after` but sends no has_more (SGLang, TensorRT-LLM): a short page is the last. */
	| { kind: 'noHasMore'; pageSize: number }
	/** Ignores `after`: the first page every time, has_more true. */
	| { kind: 'ignoresAfter'; pageSize: number }
	/** Cycles through its pages whatever `after` says, has_more true. */
	| { kind: 'cycles'; pageSize: number }
	/** Pages on (ignoring `after`), but names the same cursor every time, has_more true. */
	| { kind: 'staleCursor'; pageSize: number }
	/** Any pages at all, one per request in turn. */
	| { kind: 'anything'; pages: IDataObject[] };

interface Case {
	videos: string[];
	paging: Paging;
	/** undefined: Return All. */
	limit?: number;
}

const video = (id: string) => ({ id, object: 'video', status: 'completed', progress: 100 });

function pageAnswer(current: Case, request: WireRequest, requestIndex: number): IDataObject {
	const { videos, paging } = current;
	if (paging.kind === 'anything') return paging.pages[requestIndex % paging.pages.length];
	const limit = Number(request.url.searchParams.get('limit'));
	const size = Math.min(limit, paging.pageSize);
	const after = request.url.searchParams.get('after');
	let start = after === null || paging.kind === 'ignoresAfter' ? 0 : videos.indexOf(after) + 1;
	if (paging.kind === 'cycles') start = (requestIndex * size) % Math.max(1, videos.length);
	if (paging.kind === 'staleCursor') start = requestIndex * paging.pageSize;
	const ids = videos.slice(start, start + size);
	const data = ids.map(video);
	if (paging.kind === 'noHasMore') return { object: 'list', data };
	const hasMore = paging.kind === 'cursor' ? start + size < videos.length : true;
	const lastId =
		paging.kind === 'staleCursor'
			? { last_id: 'the_same_cursor' }
			: paging.kind === 'cursor' && !paging.lastId
				? {}
				: { last_id: ids.at(-1) ?? null };
	return { object: 'list', data, has_more: hasMore, ...lastId };
}

/** What an honest server's list gives: every video, in order, up to the Limit. */
function honestResult(current: Case): string[] | undefined {
	const { videos, paging, limit = Infinity } = current;
	const wanted = videos.slice(0, limit);
	if (paging.kind === 'cursor') return wanted;
	// Without has_more a page that comes back short is the last, so the server must fill each one.
	if (paging.kind === 'noHasMore') {
		let found = 0;
		for (;;) {
			const asked = Math.min(MAX_PAGE, limit - found);
			const got = Math.min(asked, paging.pageSize, videos.length - found);
			found += got;
			if (got < asked || found >= limit) return videos.slice(0, Math.min(found, limit));
		}
	}
	return undefined;
}

/**
 * What Get Many returns from a server that ignores `after` (its first page, sent again) or names
 * the same cursor on every page (its first two pages: the second names a cursor already used).
 */
function repeatedPagesResult({ videos, paging, limit = Infinity }: Case): string[] | undefined {
	if (paging.kind !== 'ignoresAfter' && paging.kind !== 'staleCursor') return undefined;
	const first = videos.slice(0, Math.min(paging.pageSize, limit));
	if (paging.kind === 'ignoresAfter' || first.length === 0 || first.length >= limit) return first;
	const rest = Math.min(paging.pageSize, limit - first.length);
	return [...first, ...videos.slice(paging.pageSize, paging.pageSize + rest)];
}

const ids = (count: number) => Array.from({ length: count }, (_, index) => `video_${index}`);

const anyPage = (pool: string[]) =>
	fc.record(
		{
			object: fc.constant('list'),
			data: fc.array(fc.constantFrom(...pool).map(video), { maxLength: 6 }),
			has_more: fc.boolean(),
			last_id: fc.constantFrom(...pool),
		},
		{ requiredKeys: ['object', 'data'] },
	);

const pagingOf = (videos: string[]): fc.Arbitrary<Paging> => {
	const pageSize = fc.integer({ min: 1, max: 8 });
	const pool = videos.length > 0 ? videos : ['video_0'];
	return fc.oneof(
		fc.record({ kind: fc.constant('cursor' as const), pageSize, lastId: fc.boolean() }),
		fc.record({
			kind: fc.constant('noHasMore' as const),
			pageSize: fc.oneof(pageSize, fc.constant(MAX_PAGE)),
		}),
		fc.record({ kind: fc.constant('ignoresAfter' as const), pageSize }),
		fc.record({ kind: fc.constant('cycles' as const), pageSize }),
		fc.record({ kind: fc.constant('staleCursor' as const), pageSize }),
		fc.record({
			kind: fc.constant('anything' as const),
			pages: fc.array(anyPage(pool), { minLength: 1, maxLength: 6 }),
		}),
	);
};

const cases: fc.Arbitrary<Case> = fc.integer({ min: 0, max: 25 }).chain((count) =>
	fc.record({
		videos: fc.constant(ids(count)),
		paging: pagingOf(ids(count)),
		limit: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
	}),
);

async function pagesOnce(current: Case) {
	const sent = new Set<string>();
	let requests = 0;
	const server = await startWireServer((request): WireAnswer => {
		const body = pageAnswer(current, request, requests++);
		for (const entry of (body.data as IDataObject[] | undefined) ?? []) sent.add(String(entry.id));
		return {
			status: 200,
			headers: { 'content-type': 'application/json' },
			body: Buffer.from(JSON.stringify(body)),
		};
	});
	try {
		const parameters =
			current.limit === undefined
				? { operation: 'getMany', returnAll: true, options: {} }
				: { operation: 'getMany', returnAll: false, limit: current.limit, options: {} };
		const outcome = await withVirtualClock(
			async () =>
				await outcomeOf({ credentials: credentialsAt(`${server.origin}/v1`), parameters }),
		);
		if ('failure' in outcome) throw new Error(`Get Many failed: ${outcome.failure.message}`);
		const found = outcome.output.map((item) => String(item.json.id));
		// Each video once, only what the server sent, no more than asked, and an end.
		expect(new Set(found).size).toBe(found.length);
		for (const id of found) expect(sent.has(id)).toBe(true);
		expect(found.length).toBeLessThanOrEqual(current.limit ?? Infinity);
		expect(requests).toBeLessThanOrEqual(sent.size + 1);
		for (const item of outcome.output) expect(item.pairedItem).toEqual({ item: 0 });
		const honest = honestResult(current);
		if (honest) expect(found).toEqual(honest);
		// A server that sends a page or a cursor again is left with a warning, each video once.
		const repeated = repeatedPagesResult(current);
		if (repeated) {
			expect(found).toEqual(repeated);
			const stoppedEarly = repeated.length > 0 && repeated.length < (current.limit ?? Infinity);
			expect(
				outcome.run.logs.some((line) => line.startsWith('warn: Sora Videos: Get Many stopped')),
			).toBe(stoppedEarly);
		}
	} finally {
		await server.stop();
	}
}

describe('Get Many', () => {
	it(
		'returns each video once and ends, whatever the pages look like',
		async () => await holds(cases, pagesOnce, 50),
		PROPERTY_TIMEOUT_MS,
	);
});
