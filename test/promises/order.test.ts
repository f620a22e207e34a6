/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node tooling, not published (DEVELOPERS.md) */
// README, "Waiting is one loop", "Errors" and "Create, Get and Download run up to 4 items at once;
// output order always matches input order": for any mix of item failures, completion orders and
// operations, every input item gives exactly one output item, in input order, paired with its
// input; each job is created once; a Continue On Fail item carries the error, the HTTP status and
// `x-request-id` of a refused request, and the id and status of a job that failed or timed out.
// Without Continue On Fail the run fails, and a failing batch of creates or remixes names every
// job it started, so none is lost.
import fc from 'fast-check';
import type { INodeExecutionData } from 'n8n-workflow';

import { createParameters } from '../support/node-context';
import type { VirtualClock } from '../support/virtual-clock';
import { credentialsAt, outcomeOf, withVirtualClock } from './support/node';
import { holds, PROPERTY_TIMEOUT_MS } from './support/property';
import { jsonAnswer, startWireServer, type WireAnswer, type WireRequest } from './support/wire';

type Operation = 'create' | 'remix' | 'get' | 'download' | 'delete' | 'waitForCompletion';
type Behaviour = 'ok' | 'refused' | 'notReady' | 'jobFailed' | 'timesOut' | 'readFails';

interface Item {
	behaviour: Behaviour;
	/** Turns of the event loop before the server answers: completion orders differ from input order. */
	delay: number;
	/** Wait for Completion: when (virtual ms after the start) the job ends. */
	endsAfterMs: number;
}

interface Case {
	operation: Operation;
	items: Item[];
	download: boolean;
}

const MAX_WAIT_SECONDS = 30;
const REFUSED_STATUSES = [400, 401, 403, 404, 422];

const behavioursOf: Record<Operation, Behaviour[]> = {
	create: ['ok', 'refused'],
	remix: ['ok', 'refused'],
	get: ['ok', 'refused'],
	download: ['ok', 'refused', 'notReady'],
	delete: ['ok', 'refused'],
	waitForCompletion: ['ok', 'jobFailed', 'timesOut', 'readFails'],
};

const json = (status: number, body: unknown, requestId?: string) =>
	jsonAnswer(status, body, requestId ? { 'x-request-id': requestId } : {});

const fileOf = (index: number) =>
	Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftypisom item ${index}`)]);
const refusedStatusOf = (index: number) => REFUSED_STATUSES[index % REFUSED_STATUSES.length];

/** The item a request is about: its job id `job_<n>`, its remix source `src_<n>`, or its prompt. */
function itemOf(request: WireRequest): number {
	const named = /\/(?:job|src)_(\d+)/.exec(request.url.pathname);
	if (named) return Number(named[1]);
	return Number(/item (\d+)/.exec(request.body.toString())?.[1]);
}

function answerFor(
	current: Case,
	request: WireRequest,
	clock: VirtualClock,
	startedAt: number,
): WireAnswer {
	const index = itemOf(request);
	const item = current.items[index];
	const id = `job_${index}`;
	const refused = () =>
		json(
			refusedStatusOf(index),
			{ error: { message: `item ${index} refused`, code: 'refused' } },
			`req_${index}`,
		);
	const job = (status: string, extra = {}) =>
		json(200, {
			id,
			object: 'video',
			status,
			progress: status === 'completed' ? 100 : 50,
			...extra,
		});
	const path = request.url.pathname;
	if (path.endsWith('/content'))
		return { status: 200, headers: { 'content-type': 'video/mp4' }, body: fileOf(index) };
	if (item.behaviour === 'refused' || item.behaviour === 'readFails') return refused();
	if (request.method === 'POST') return job('queued');
	if (request.method === 'DELETE') return json(200, { id, object: 'video.deleted', deleted: true });
	if (item.behaviour === 'notReady') return job('in_progress');
	if (current.operation !== 'waitForCompletion') return job('completed');
	const ended = clock.now() - startedAt >= item.endsAfterMs && item.behaviour !== 'timesOut';
	if (!ended) return job('in_progress');
	return item.behaviour === 'jobFailed'
		? job('failed', { error: { code: 'moderation_blocked', message: 'blocked' } })
		: job('completed');
}

function parametersOf(current: Case) {
	return (index: number) => {
		const id = `job_${index}`;
		switch (current.operation) {
			case 'create':
				return { ...createParameters, prompt: `item ${index}`, options: { sendAsJson: true } };
			case 'remix':
				return { operation: 'remix', videoId: `src_${index}`, prompt: `item ${index} again` };
			case 'download':
				return { operation: 'download', videoId: id, variant: 'video', binaryPropertyName: 'data' };
			case 'waitForCompletion':
				return {
					operation: 'waitForCompletion',
					videoId: id,
					options: { maxWaitSeconds: MAX_WAIT_SECONDS, download: current.download },
				};
			default:
				return { operation: current.operation, videoId: id };
		}
	};
}

/** What item `index`'s output says, as Continue On Fail gives it. */
function checkItem(
	current: Case,
	index: number,
	output: INodeExecutionData,
	fileIn: (item: INodeExecutionData) => Buffer,
) {
	const { behaviour } = current.items[index];
	const id = `job_${index}`;
	expect(output.pairedItem).toEqual({ item: index });
	const json = output.json;
	if (behaviour === 'ok') {
		expect(json.error ?? null).toBeNull();
		expect(json.id).toBe(id);
		if (
			current.operation === 'download' ||
			(current.operation === 'waitForCompletion' && current.download)
		)
			expect(fileIn(output)).toEqual(fileOf(index));
		return;
	}
	expect(typeof json.error).toBe('string');
	if (behaviour === 'refused' || behaviour === 'readFails') {
		expect(json).toMatchObject({ httpCode: refusedStatusOf(index), requestId: `req_${index}` });
		expect(json.error).toContain(`item ${index} refused`);
		return;
	}
	const status = { notReady: 'in_progress', timesOut: 'in_progress', jobFailed: 'failed' }[
		behaviour
	];
	expect(json).toMatchObject({ id, status, video: { id, status } });
}

async function runCase(current: Case, continueOnFail: boolean) {
	return await withVirtualClock(async (clock) => {
		const startedAt = clock.now();
		const counts = { open: 0, mostOpen: 0, posts: new Map<number, number>() };
		const server = await startWireServer(async (request) => {
			counts.open++;
			counts.mostOpen = Math.max(counts.mostOpen, counts.open);
			const index = itemOf(request);
			if (request.method === 'POST') counts.posts.set(index, (counts.posts.get(index) ?? 0) + 1);
			for (let turn = 0; turn < current.items[index].delay; turn++)
				await new Promise((resolve) => setImmediate(resolve));
			counts.open--;
			return answerFor(current, request, clock, startedAt);
		});
		try {
			const outcome = await outcomeOf({
				credentials: credentialsAt(`${server.origin}/v1`),
				parameters: parametersOf(current),
				items: current.items.map((_item, index) => ({ json: { index } })),
				continueOnFail,
			});
			return { outcome, counts };
		} finally {
			await server.stop();
		}
	});
}

const itemsFor = (operation: Operation) =>
	fc.array(
		fc.record({
			behaviour: fc.constantFrom(...behavioursOf[operation]),
			delay: fc.integer({ min: 0, max: 40 }),
			endsAfterMs: fc.integer({ min: 0, max: 20_000 }),
		}),
		{ minLength: 1, maxLength: operation === 'waitForCompletion' ? 5 : 9 },
	);

const casesArbitrary: fc.Arbitrary<Case> = fc
	.constantFrom<Operation>('create', 'remix', 'get', 'download', 'delete', 'waitForCompletion')
	.chain((operation) =>
		fc.record({
			operation: fc.constant(operation),
			items: itemsFor(operation),
			download: fc.boolean(),
		}),
	);

const startsJobs = (operation: Operation) => operation === 'create' || operation === 'remix';

describe('a batch', () => {
	it(
		'with Continue On Fail: one output per input, in input order and paired, each job created once, failures carrying what to act on',
		async () => {
			await holds(
				casesArbitrary,
				async (current) => {
					const { outcome, counts } = await runCase(current, true);
					if ('failure' in outcome) throw new Error(`the run failed: ${outcome.failure.message}`);
					expect(outcome.output).toHaveLength(current.items.length);
					outcome.output.forEach((output, index) =>
						checkItem(current, index, output, (item) => outcome.run.fileOf(item)),
					);
					if (startsJobs(current.operation))
						for (const index of current.items.keys()) expect(counts.posts.get(index)).toBe(1);
					const limit =
						{ create: 4, get: 4, download: 4, waitForCompletion: 8 }[current.operation as string] ??
						1;
					expect(counts.mostOpen).toBeLessThanOrEqual(limit);
				},
				40,
			);
		},
		PROPERTY_TIMEOUT_MS,
	);

	it(
		'without Continue On Fail: fails with a failing item, and names every job a failing batch of creates or remixes started',
		async () => {
			const withFailure = casesArbitrary.filter((current) =>
				current.items.some((item) => item.behaviour !== 'ok'),
			);
			await holds(
				withFailure,
				async (current) => {
					const { outcome, counts } = await runCase(current, false);
					if (!('failure' in outcome)) throw new Error('the run succeeded with a failing item');
					const failing = current.items.flatMap((item, index) =>
						item.behaviour === 'ok' ? [] : [index],
					);
					const named = /job_(\d+)|item (\d+) refused/.exec(outcome.failure.message);
					expect(failing).toContain(Number(named?.[1] ?? named?.[2]));
					if (!startsJobs(current.operation)) return;
					// Every job started is named, so none is lost.
					const started = [...counts.posts.keys()].filter(
						(index) => current.items[index].behaviour === 'ok',
					);
					for (const index of started)
						expect(outcome.failure.description).toContain(`item ${index}: job_${index}`);
				},
				25,
			);
		},
		PROPERTY_TIMEOUT_MS,
	);
});
