// README, "Money is real": Create and Remix are sent once. They are repeated only when the server
// says it did not start the job (HTTP 429, honouring Retry-After) or the connection was refused;
// `x-should-retry: true` cannot make them go out twice. When the connection breaks after the
// request reached the server, the error (or the Continue On Fail item) says the job may have
// started and sets `mayHaveStartedJob`; otherwise it does not. Pinned for any sequence of answers:
// every final status from 200 to 599 (after an informational 1xx or not), each framing, resets
// before and after the headers, bodies cut short or stalled, x-should-retry and Retry-After.
import fc from 'fast-check';

import { createParameters } from '../support/node-context';
import type { VirtualClock } from '../support/virtual-clock';
import {
	credentialsAt,
	outcomeOf,
	STALL_WATCHDOG_MS,
	toldByItem,
	withIdleTimeout,
	withVirtualClock,
	type Told,
} from './support/node';
import { holds, PROPERTY_TIMEOUT_MS } from './support/property';
import {
	bodiless,
	isBroken,
	startWireServer,
	type WireAnswer,
	type WireServer,
} from './support/wire';

type BodyKind = 'job' | 'taskId' | 'jobWithoutId' | 'error' | 'html' | 'empty';

/** One try of the request: refused before it reached the server, or answered as `answer` says. */
type Step = { refused: true } | { refused: false; answer: WireAnswer; body: BodyKind };

const RETRIES = 5;
const MAX_SERVER_DELAY_MS = 60_000;

function bodyOf(kind: BodyKind, id: string): Buffer {
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

const status = fc.oneof(
	{ weight: 4, arbitrary: fc.constant(429) },
	{ weight: 2, arbitrary: fc.integer({ min: 200, max: 299 }) },
	{ weight: 2, arbitrary: fc.constantFrom(408, 409, 500, 502, 503, 504) },
	{ weight: 4, arbitrary: fc.integer({ min: 200, max: 599 }) },
);

const answered: fc.Arbitrary<Step> = fc
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

const step: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 1, arbitrary: fc.constant({ refused: true as const }) },
	{ weight: 4, arbitrary: answered },
);

/** A try past the end of the script is answered with a job. */
const fallbackStep: Step = {
	refused: false,
	body: 'job',
	answer: { status: 201, headers: { 'content-type': 'application/json' }, body: Buffer.alloc(0) },
};

/** The answer to try `tried` as it goes on the wire, its body made for that try. */
const withBody = (answered: Extract<Step, { refused: false }>, tried: number): WireAnswer => ({
	...answered.answer,
	body: bodyOf(answered.body, `video_${tried}`),
});

type Expected =
	| { kind: 'job' | 'noJobId' | 'ambiguous' | 'unreachable'; tries: number }
	| { kind: 'apiError'; tries: number; status: number };

const isVideoBody = (kind: BodyKind) => kind === 'job';

/** What the README and docs/protocol.md rules 7, 8, 14, 23 and 35 say the node makes of `script`. */
function expectedOutcome(script: Step[]): Expected {
	for (let tried = 0; ; tried++) {
		const current = script[tried] ?? fallbackStep;
		const tries = tried + 1;
		if (current.refused) {
			if (tried < RETRIES) continue;
			return { kind: 'unreachable', tries };
		}
		const { answer, body } = current;
		if (isBroken(withBody(current, tried))) return { kind: 'ambiguous', tries };
		const { status } = answer;
		const bodyOrEmpty: BodyKind = bodiless(status) ? 'empty' : body;
		if (status < 300) {
			if (bodyOrEmpty === 'job' || bodyOrEmpty === 'taskId') return { kind: 'job', tries };
			if (bodyOrEmpty === 'jobWithoutId' || bodyOrEmpty === 'empty')
				return { kind: 'noJobId', tries };
			return { kind: 'apiError', tries, status };
		}
		// A failed answer whose body is the job is that job (rule 35).
		if (isVideoBody(bodyOrEmpty)) return { kind: 'job', tries };
		const retryable = status === 429 && answer.headers?.['x-should-retry'] !== 'false';
		if (retryable && tried < RETRIES) continue;
		return { kind: 'apiError', tries, status };
	}
}

/**
 * The pause before the try after `tried` (docs/protocol.md rule 21), as a range: the server's
 * `retry-after-ms`, else `retry-after` (seconds, or a date: `dateMs` from now), capped at 60 s;
 * else the backoff, 0.5 s doubling up to 8 s, less up to 25 % jitter.
 */
function expectedPause(current: Step, tried: number, dateMs?: number): [number, number] {
	const headers = current.refused ? {} : (current.answer.headers ?? {});
	const serverMs = Number.parseFloat(headers['retry-after-ms'] ?? '');
	const serverSeconds = Number.parseFloat(headers['retry-after'] ?? '') * 1000;
	const asked = Number.isFinite(serverMs)
		? serverMs
		: Number.isFinite(serverSeconds)
			? serverSeconds
			: dateMs;
	if (asked !== undefined && asked >= 0) {
		const capped = Math.min(asked, MAX_SERVER_DELAY_MS);
		return [capped, capped];
	}
	const backoff = Math.min(500 * 2 ** tried, 8000);
	return [backoff * 0.75, backoff];
}

type Operation = 'create' | 'remix';

const parametersFor = (operation: Operation) =>
	operation === 'create'
		? { ...createParameters, options: { sendAsJson: true } }
		: { operation: 'remix', videoId: 'video_source', prompt: 'the same, at night' };

/**
 * Serves `script` one try at a time, a `retry-after` date counted from the virtual clock; a refused
 * try closes the port until the node's next pause.
 */
async function scriptedServer(script: Step[], clock: VirtualClock) {
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

function checkTold(told: Told, expected: Expected, operation: Operation) {
	const action = operation === 'create' ? 'Create' : 'Remix of video video_source';
	expect(told.message).toContain(`${action} failed`);
	const ambiguous = expected.kind === 'ambiguous';
	expect(told.mayHaveStartedJob).toBe(ambiguous);
	expect(/may have started/.test(told.description)).toBe(ambiguous);
	if (expected.kind === 'apiError') expect(told.httpCode).toBe(expected.status);
	if (expected.kind === 'noJobId') expect(told.message).toMatch(/returned no job ID/);
	if (expected.kind === 'unreachable') expect(told.description).toMatch(/Base URL .* is reachable/);
}

const answeredOnly = (steps: Step[]) =>
	steps.filter((s): s is Extract<Step, { refused: false }> => !s.refused);

async function sendsOnce(operation: Operation, script: Step[], continueOnFail: boolean) {
	const expected = expectedOutcome(script);
	const tried = Array.from({ length: expected.tries }, (_, index) => script[index] ?? fallbackStep);
	const stalls = answeredOnly(tried).some((s) => s.answer.delivery === 'stall');
	await withVirtualClock(async (clock) => {
		const scripted = await scriptedServer(script, clock);
		const { server } = scripted;
		clock.onSleep = scripted.afterTry;
		try {
			const outcome = await withIdleTimeout(
				stalls ? STALL_WATCHDOG_MS : 60_000,
				async () =>
					await outcomeOf({
						credentials: credentialsAt(`${server.origin}/v1`),
						parameters: parametersFor(operation),
						continueOnFail,
					}),
			);
			// The promise itself: every request the server received, but the last, was answered 429.
			const answersBefore = answeredOnly(tried).slice(0, server.seen.length - 1);
			for (const before of answersBefore) expect(before.answer.status).toBe(429);
			expect(scripted.tries()).toBe(expected.tries);
			const pauses = tried
				.slice(0, -1)
				.map((before, index) => expectedPause(before, index, scripted.askedMs(index)));
			expect(clock.sleeps).toHaveLength(pauses.length);
			clock.sleeps.forEach((slept, index) => {
				expect(slept).toBeGreaterThanOrEqual(pauses[index][0]);
				expect(slept).toBeLessThanOrEqual(pauses[index][1]);
			});
			if (expected.kind === 'job') {
				expect('output' in outcome && outcome.output[0].json.id).toBe(
					`video_${expected.tries - 1}`,
				);
				return;
			}
			if ('failure' in outcome) expect(continueOnFail).toBe(false);
			checkTold(
				'failure' in outcome ? outcome.failure : toldByItem(outcome.output[0]),
				expected,
				operation,
			);
		} finally {
			clock.onSleep = undefined;
			await server.stop();
		}
	});
}

const scripts = fc.array(step, { minLength: 1, maxLength: 7 });

describe.each<Operation>(['create', 'remix'])('%s, a paid request', (operation) => {
	it(
		'is sent again only after a 429 or a refused connection, and says "may have started" exactly when its answer broke',
		async () => {
			await holds(
				fc.tuple(scripts, fc.boolean()),
				async ([script, continueOnFail]) => await sendsOnce(operation, script, continueOnFail),
				operation === 'create' ? 60 : 30,
			);
		},
		PROPERTY_TIMEOUT_MS,
	);

	it('refuses a 2xx answer without a job id, as the server started nothing the output could name', async () => {
		const answer: WireAnswer = {
			status: 200,
			headers: { 'content-type': 'application/json' },
			body: Buffer.alloc(0),
		};
		await sendsOnce(operation, [{ refused: false, answer, body: 'jobWithoutId' }], false);
		await sendsOnce(operation, [{ refused: false, answer, body: 'empty' }], true);
	});
});
