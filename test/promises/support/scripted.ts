import fc from 'fast-check';

import type { RunOptions } from '../../support/node-context';
import type { VirtualClock } from '../../support/virtual-clock';
import { credentialsAt, outcomeWatching, withVirtualClock, type Outcome } from './node';
import { bodiless, isBroken, startWireServer, type WireAnswer, type WireServer } from './wire';

/**
 * Scripts of answers to one request, one answer per try: what the money and read-retry properties
 * generate, serve and judge. A try is refused (the port is closed for it) or answered as a
 * `WireAnswer` says, with a body of one of the kinds servers send.
 */

export type BodyKind = 'job' | 'taskId' | 'jobWithoutId' | 'error' | 'html' | 'empty';

/** One try of the request: refused before it reached the server, or answered as `answer` says. */
export type Step = { refused: true } | { refused: false; answer: WireAnswer; body: BodyKind };

export const RETRIES = 5;
const MAX_SERVER_DELAY_MS = 60_000;

export function bodyOf(kind: BodyKind, id: string): Buffer {
	const bodies: Record<BodyKind, unknown> = {
		job: { id, object: 'video', status: 'queued', progress: 0 },
		taskId: { task_id: id, status: 'submitted' },
		jobWithoutId: { object: 'video', status: 'queued', progress: 0 },
		error: { error: { message: 'the server says no', type: 'server_error', code: 'nope' } },
		html: '<html><body>Bad gateway</body></html>',
		empty: '',
	};
	const body = bodies[kind];
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

const retryAfterHeaders = fc.oneof(
	fc.constant({}),
	fc.integer({ min: 0, max: 120 }).map((seconds) => ({ 'retry-after': String(seconds) })),
	fc.integer({ min: 0, max: 90_000 }).map((ms) => ({ 'retry-after-ms': String(ms) })),
	fc.constant({ 'retry-after': 'date' }),
	fc.constant({ 'retry-after': 'soon' }),
);

/**
 * Final statuses, weighted toward those a future edit might add to a retry set: the ones reads are
 * retried on (rule 22) and their neighbours.
 */
const status = fc.oneof(
	{ weight: 4, arbitrary: fc.constant(429) },
	{ weight: 2, arbitrary: fc.integer({ min: 200, max: 299 }) },
	{ weight: 3, arbitrary: fc.constantFrom(408, 409, 425, 500, 502, 503, 504) },
	{ weight: 3, arbitrary: fc.integer({ min: 200, max: 599 }) },
);

export const answered: fc.Arbitrary<Step> = fc
	.record({
		status,
		body: fc.constantFrom<BodyKind>('job', 'taskId', 'jobWithoutId', 'error', 'html', 'empty'),
		shouldRetry: fc.constantFrom(undefined, 'true', 'false'),
		retryAfter: retryAfterHeaders,
		framing: fc.constantFrom('length', 'chunked', 'gzip'),
		pieces: fc.integer({ min: 1, max: 4 }),
		informational: fc.constantFrom(undefined, undefined, 100, 102, 103),
		delivery: fc.oneof(
			{ weight: 12, arbitrary: fc.constant('whole') },
			{ weight: 2, arbitrary: fc.constantFrom('resetBeforeHeaders', 'resetAfterHeaders', 'cut') },
			{ weight: 1, arbitrary: fc.constant('stall') },
		),
		cutAt: fc.double({ min: 0, max: 0.99, noNaN: true }),
	})
	.map((drawn) => {
		const headers: Record<string, string> = { 'x-request-id': 'req_money', ...drawn.retryAfter };
		if (drawn.shouldRetry) headers['x-should-retry'] = drawn.shouldRetry;
		if (drawn.body !== 'html' && drawn.body !== 'empty')
			headers['content-type'] = 'application/json';
		if (drawn.body === 'html') headers['content-type'] = 'text/html';
		// A 204 or 304 has no body to break: after its headers it is whole.
		const delivery = bodiless(drawn.status) ? 'whole' : (drawn.delivery as WireAnswer['delivery']);
		const answer: WireAnswer = {
			status: drawn.status,
			headers,
			body: Buffer.alloc(0),
			framing: drawn.framing as WireAnswer['framing'],
			pieces: drawn.pieces,
			informational: drawn.informational,
			delivery,
			cutAt: drawn.cutAt,
		};
		return { refused: false as const, answer, body: drawn.body };
	});

export const step: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 1, arbitrary: fc.constant({ refused: true as const }) },
	{ weight: 4, arbitrary: answered },
);

/** A try past the end of the script is answered with a job. */
export const fallbackStep: Step = {
	refused: false,
	body: 'job',
	answer: { status: 201, headers: { 'content-type': 'application/json' }, body: Buffer.alloc(0) },
};

/** The answer to try `tried` as it goes on the wire, its body made for that try. */
export const withBody = (
	answered: Extract<Step, { refused: false }>,
	tried: number,
): WireAnswer => ({
	...answered.answer,
	body: bodyOf(answered.body, `video_${tried}`),
});

/**
 * The pause before the try after `tried` (docs/protocol.md rule 21), as a range: the answer's
 * `retry-after-ms`, else `retry-after` (seconds, or a date: `dateMs` from now), capped at 60 s;
 * else the backoff, 0.5 s doubling up to 8 s, less up to 25 % jitter.
 */
export function expectedPause(current: Step, tried: number, dateMs?: number): [number, number] {
	// A broken answer is a failure of the connection: its headers, if any arrived, ask nothing.
	const answered = !current.refused && !isBroken(withBody(current, tried));
	const headers = answered ? (current.answer.headers ?? {}) : {};
	const serverMs = Number.parseFloat(headers['retry-after-ms'] ?? '');
	const serverSeconds = Number.parseFloat(headers['retry-after'] ?? '') * 1000;
	const asked = Number.isFinite(serverMs)
		? serverMs
		: Number.isFinite(serverSeconds)
			? serverSeconds
			: answered
				? dateMs
				: undefined;
	if (asked !== undefined && asked >= 0) {
		const capped = Math.min(asked, MAX_SERVER_DELAY_MS);
		return [capped, capped];
	}
	const backoff = Math.min(500 * 2 ** tried, 8000);
	return [backoff * 0.75, backoff];
}

/**
 * Serves `script` one try at a time, a `retry-after` date counted from the virtual clock; a refused
 * try closes the port until the node's next pause.
 */
export async function scriptedServer(script: Step[], clock: VirtualClock) {
	let next = 0;
	let shutFor: number | undefined;
	const askedMs: Array<number | undefined> = [];
	const server: WireServer = await startWireServer(() => {
		const current = script[next] ?? fallbackStep;
		if (current.refused) throw new Error(`try ${next + 1} reached a port that refuses it`);
		const headers = { ...current.answer.headers };
		if (headers['retry-after'] === 'date') {
			const at = new Date(clock.now() + 30_000);
			headers['retry-after'] = at.toUTCString();
			askedMs[next] = Date.parse(at.toUTCString()) - clock.now();
		}
		return { ...withBody(current, next++), headers };
	});
	const prepare = () => {
		shutFor = (script[next] ?? fallbackStep).refused ? next : undefined;
		if (shutFor === undefined) server.reopen();
		else server.refuse();
	};
	// Each pause follows a failed try; one made while the port was shut never reached the server.
	const afterTry = () => {
		if (shutFor === next) next++;
		prepare();
	};
	prepare();
	return {
		server,
		afterTry,
		tries: () => (shutFor === next ? next + 1 : next),
		askedMs: (tried: number) => askedMs[tried],
	};
}

export const answeredOnly = (steps: Step[]) =>
	steps.filter((s): s is Extract<Step, { refused: false }> => !s.refused);

/** What a scripted run shows: the outcome, how many tries the node made, and its pauses. */
export interface ScriptedRun {
	outcome: Outcome;
	tries: number;
	/** Requests the server received (refused tries never reach it). */
	received: number;
	sleeps: number[];
	/** The pause each try's answer asked for, in range form (see `expectedPause`). */
	pauses: Array<[number, number]>;
}

/**
 * Runs the node once against `script` on a virtual clock; `expectedTries` says which tries may
 * stall, so the real-time stall watchdog is short only then.
 */
export async function runScript(
	script: Step[],
	expectedTries: number,
	options: Omit<RunOptions, 'credentials'>,
): Promise<ScriptedRun> {
	const tried = Array.from({ length: expectedTries }, (_, index) => script[index] ?? fallbackStep);
	const stalls = answeredOnly(tried).some((s) => s.answer.delivery === 'stall');
	return await withVirtualClock(async (clock) => {
		const scripted = await scriptedServer(script, clock);
		clock.onSleep = scripted.afterTry;
		try {
			const credentials = credentialsAt(`${scripted.server.origin}/v1`);
			const outcome = await outcomeWatching({ credentials, ...options }, stalls);
			const pauses = tried
				.slice(0, -1)
				.map((before, index) => expectedPause(before, index, scripted.askedMs(index)));
			return {
				outcome,
				tries: scripted.tries(),
				received: scripted.server.seen.length,
				sleeps: clock.sleeps,
				pauses,
			};
		} finally {
			clock.onSleep = undefined;
			await scripted.server.stop();
		}
	});
}
