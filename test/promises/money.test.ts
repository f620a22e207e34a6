// README, "Money is real": Create, Remix, Edit and Extend are sent once. They are repeated only when the server
// says it did not start the job (HTTP 429, honouring Retry-After) or the connection was refused;
// `x-should-retry: true` cannot make them go out twice. When the connection breaks after the
// request reached the server, the error (or the Continue On Fail item) says the job may have
// started and sets `mayHaveStartedJob`; otherwise it does not. Reads are retried with backoff
// and the server's hints. Pinned for any sequence of answers: every final status from 200 to 599
// (after an informational 1xx or not), each framing, resets before and after the headers, bodies
// cut short or stalled, x-should-retry and Retry-After; and, exhaustively, for every 4xx and 5xx.
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { createParameters, runNode } from '../support/node-context';
import { credentialsAt, toldByItem, withVirtualClock, type Told } from './support/node';
import { holds, PROPERTY_TIMEOUT_MS } from './support/property';
import {
	answeredOnly,
	fallbackStep,
	RETRIES,
	runScript,
	step,
	withBody,
	type BodyKind,
	type ScriptedRun,
	type Step,
} from './support/scripted';
import {
	bodiless,
	isBroken,
	jsonAnswer as json,
	startWireServer,
	type WireAnswer,
} from './support/wire';

type Expected =
	| { kind: 'job' | 'noJobId' | 'broken' | 'unreachable'; tries: number }
	| { kind: 'apiError'; tries: number; status: number };

/** Rules 7, 8 and 35: what a whole answer is, before any retry rule. */
function judged(current: Extract<Step, { refused: false }>) {
	const { status } = current.answer;
	const body: BodyKind = bodiless(status) ? 'empty' : current.body;
	if (status >= 300) return body === 'job' ? 'job' : 'failed';
	if (body === 'job' || body === 'taskId') return 'job';
	if (body === 'jobWithoutId' || body === 'empty') return 'withoutId';
	return body === 'error' ? 'failed' : 'notJson';
}

/** What docs/protocol.md rules 14 and 23 say a paid request makes of `script`. */
function expectedPaid(script: Step[]): Expected {
	for (let tried = 0; ; tried++) {
		const current = script[tried] ?? fallbackStep;
		const tries = tried + 1;
		if (current.refused) {
			if (tried < RETRIES) continue;
			return { kind: 'unreachable', tries };
		}
		if (isBroken(withBody(current, tried))) return { kind: 'broken', tries };
		const { status, headers = {} } = current.answer;
		const verdict = judged(current);
		if (verdict === 'job') return { kind: 'job', tries };
		if (verdict === 'withoutId') return { kind: 'noJobId', tries };
		const retried = verdict === 'failed' && status === 429 && headers['x-should-retry'] !== 'false';
		if (retried && tried < RETRIES) continue;
		return { kind: 'apiError', tries, status };
	}
}

/** What rule 22 says a read (a status read) makes of `script`: any broken try is tried again. */
function expectedRead(script: Step[]): Expected {
	for (let tried = 0; ; tried++) {
		const current = script[tried] ?? fallbackStep;
		const tries = tried + 1;
		const last = tried === RETRIES;
		if (current.refused || isBroken(withBody(current, tried))) {
			if (!last) continue;
			return { kind: current.refused ? 'unreachable' : 'broken', tries };
		}
		const { status, headers = {} } = current.answer;
		const verdict = judged(current);
		if (verdict === 'job' || verdict === 'withoutId') return { kind: 'job', tries };
		const shouldRetry = headers['x-should-retry'];
		const retried =
			verdict === 'failed' &&
			shouldRetry !== 'false' &&
			(shouldRetry === 'true' || [408, 409, 429].includes(status) || status >= 500);
		if (retried && !last) continue;
		return { kind: 'apiError', tries, status };
	}
}

function checkPauses(run: ScriptedRun) {
	expect(run.sleeps).toHaveLength(run.pauses.length);
	run.sleeps.forEach((slept, index) => {
		expect(slept).toBeGreaterThanOrEqual(run.pauses[index][0]);
		expect(slept).toBeLessThanOrEqual(run.pauses[index][1]);
	});
}

type Operation = 'create' | 'remix' | 'edit' | 'extend';

const sourced = { videoSource: 'id', videoId: 'video_source', options: {} };
const paidParameters: Record<Operation, (prompt: string) => IDataObject> = {
	create: (prompt) => ({ ...createParameters, prompt, options: { sendAsJson: true } }),
	remix: (prompt) => ({ operation: 'remix', videoId: 'video_source', prompt }),
	edit: (prompt) => ({ operation: 'edit', ...sourced, prompt }),
	extend: (prompt) => ({ operation: 'extend', ...sourced, prompt, seconds: '8' }),
};
const actionOf: Record<Operation, string> = {
	create: 'Create',
	remix: 'Remix of video video_source',
	edit: 'Edit',
	extend: 'Extend',
};
const parametersFor = (operation: Operation) => paidParameters[operation]('the same, at night');

/** A failure as the README describes it; only a paid request's broken answer "may have started". */
function checkTold(told: Told, expected: Expected, action: string, paid: boolean) {
	expect(told.message).toContain(`${action} failed`);
	const mayHaveStarted = paid && expected.kind === 'broken';
	expect(told.mayHaveStartedJob).toBe(mayHaveStarted);
	expect(/may have started/.test(told.description)).toBe(mayHaveStarted);
	if (expected.kind === 'apiError') expect(told.httpCode).toBe(expected.status);
	if (expected.kind === 'noJobId') expect(told.message).toMatch(/returned no job ID/);
	if (expected.kind === 'unreachable') expect(told.description).toMatch(/Base URL .* is reachable/);
	if (expected.kind === 'broken' && !paid)
		expect(told.description).toMatch(/stopped sending part-way|is reachable/);
}

async function sendsOnce(operation: Operation, script: Step[], continueOnFail: boolean) {
	const expected = expectedPaid(script);
	const run = await runScript(script, expected.tries, {
		parameters: parametersFor(operation),
		continueOnFail,
	});
	// The promise itself: every request the server received, but the last, was answered 429.
	const answers = answeredOnly(script.concat(fallbackStep)).slice(0, run.received - 1);
	for (const before of answers) expect(before.answer.status).toBe(429);
	expect(run.tries).toBe(expected.tries);
	checkPauses(run);
	const { outcome } = run;
	if (expected.kind === 'job') {
		expect('output' in outcome && outcome.output[0].json.id).toBe(`video_${expected.tries - 1}`);
		return;
	}
	if ('failure' in outcome) expect(continueOnFail).toBe(false);
	const told = 'failure' in outcome ? outcome.failure : toldByItem(outcome.output[0]);
	checkTold(told, expected, actionOf[operation], true);
}

const scripts = fc.array(step, { minLength: 1, maxLength: 7 });

const paidOperations: Operation[] = ['create', 'remix', 'edit', 'extend'];

describe.each<Operation>(paidOperations)('%s, a paid request', (operation) => {
	it(
		'is sent again only after a 429 or a refused connection, and says "may have started" exactly when its answer broke',
		async () => {
			await holds(
				fc.tuple(scripts, fc.boolean()),
				async ([script, continueOnFail]) => await sendsOnce(operation, script, continueOnFail),
				operation === 'create' ? 60 : 25,
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

describe('every status from 400 to 599', () => {
	const range = (from: number, to: number) =>
		Array.from({ length: to - from + 1 }, (_, index) => from + index);
	const everyFailure = range(400, 599).filter((status) => status !== 429);
	const retriedByReads = [408, 409, ...range(500, 599)];

	it.each<[Operation, number[]]>([
		['create', everyFailure],
		['remix', retriedByReads],
		['edit', retriedByReads],
		['extend', retriedByReads],
	])(
		'makes %s fail at once, even with x-should-retry: true (one item per status, Continue On Fail)',
		async (operation, statuses) => {
			const server = await startWireServer((request) => {
				const index = Number(/item (\d+)/.exec(request.body.toString())?.[1]);
				const headers = { 'content-type': 'application/json', 'x-should-retry': 'true' };
				const body = JSON.stringify({ error: { message: `status ${statuses[index]}` } });
				return { status: statuses[index], headers, body: Buffer.from(body) };
			});
			try {
				const { output } = await runNodeAt(server.origin, operation, statuses.length);
				expect(output.map((item) => item.json.httpCode)).toEqual(statuses);
				expect(server.seen).toHaveLength(statuses.length);
			} finally {
				await server.stop();
			}
		},
		PROPERTY_TIMEOUT_MS,
	);

	it('a read is tried again on exactly 408, 409, 429 and 5xx (one Get per status, Continue On Fail)', async () => {
		const statuses = range(400, 599);
		const tries = new Map<number, number>();
		const server = await startWireServer((request) => {
			const index = Number(/video_(\d+)/.exec(request.target)?.[1]);
			tries.set(index, (tries.get(index) ?? 0) + 1);
			if (tries.get(index)! > 1) return json(200, { id: `video_${index}`, status: 'completed' });
			return json(statuses[index], { error: { message: `status ${statuses[index]}` } });
		});
		try {
			const { output } = await withVirtualClock(
				async () =>
					await runNode({
						credentials: credentialsAt(`${server.origin}/v1`),
						parameters: (index) => ({ operation: 'get', videoId: `video_${index}` }),
						items: statuses.map((status) => ({ json: { status } })),
						continueOnFail: true,
					}),
			);
			const retried = (status: number) => [408, 409, 429].includes(status) || status >= 500;
			expect(statuses.map((_status, index) => tries.get(index))).toEqual(
				statuses.map((status) => (retried(status) ? 2 : 1)),
			);
			expect(output.map((item) => item.json.httpCode ?? item.json.status)).toEqual(
				statuses.map((status) => (retried(status) ? 'completed' : status)),
			);
		} finally {
			await server.stop();
		}
	});
});

/** One item per status: item `index` is answered `statuses[index]`. */
async function runNodeAt(origin: string, operation: Operation, items: number) {
	return await runNode({
		credentials: credentialsAt(`${origin}/v1`),
		parameters: (index) => paidParameters[operation](`item ${index}`),
		items: Array.from({ length: items }, (_, index) => ({ json: { index } })),
		continueOnFail: true,
	});
}

describe('a read', () => {
	it(
		"is tried again after a refused or broken connection, 408, 409, 429 and 5xx (x-should-retry deciding first), with backoff and the server's hints",
		async () => {
			await holds(
				scripts,
				async (script) => {
					const expected = expectedRead(script);
					const run = await runScript(script, expected.tries, {
						parameters: { operation: 'get', videoId: 'video_asked' },
						continueOnFail: true,
					});
					expect(run.tries).toBe(expected.tries);
					checkPauses(run);
					if (!('output' in run.outcome)) throw new Error('Continue On Fail gives an item');
					const item = run.outcome.output[0];
					if (expected.kind === 'job') expect(item.json.error ?? null).toBeNull();
					else checkTold(toldByItem(item), expected, 'Get video video_asked', false);
				},
				40,
			);
		},
		PROPERTY_TIMEOUT_MS,
	);
});
