// The item loop as a user sees it: what an error item holds, which jobs a failing batch names, and
// what an unknown operation says.
import { NodeOperationError } from 'n8n-workflow';

import { createParameters, failureOf } from '../support/node-context';
import { soraVideosNode } from '../support/sora-videos-node';
import { clock, create, run, simulator, useSimulators } from '../support/node-harness';

useSimulators();

/** The note a failing batch adds, naming the jobs it started (`jobs` a regex source). */
const startedJobs = (jobs: string) =>
	new RegExp(
		`Jobs already started for other items \\(find them with Get Many or wait for them with Wait for Completion\\): ${jobs}\\.$`,
	);

const threeItems = [{ json: {} }, { json: {} }, { json: {} }];
/** Item 1 asks for a field the server refuses, after the other two were checked and sent. */
const refusedOnItemOne = (itemIndex: number) => ({
	...createParameters,
	options: itemIndex === 1 ? { additionalBodyFields: '{"bogus": 1}' } : {},
});

describe('the item loop', () => {
	it('names every job a failing create batch already started, and only those, in the error', async () => {
		const sim = await simulator();
		const failure = await failureOf(run(sim, refusedOnItemOne, { items: threeItems }));
		const started = sim
			.log()
			.filter((entry) => entry.route === 'POST /videos' && entry.status === 200);
		expect(started).toHaveLength(2);
		expect(failure.description).toMatch(startedJobs('item 0: video_\\w+, item 2: video_\\w+'));
	});

	it('names no jobs when the failing create was the only item', async () => {
		const sim = await simulator();
		const failure = await failureOf(run(sim, refusedOnItemOne, { items: threeItems.slice(0, 2) }));
		expect(failure.description).toMatch(/item 0: video_\w+\.$/);
		const alone = await failureOf(
			run(sim, { ...createParameters, options: { additionalBodyFields: '{"bogus": 1}' } }),
		);
		// The server's own account, with nothing appended and nothing around it.
		expect(alone.description).toMatch(
			/^HTTP 400, code unknown_parameter, .*Server said: \{.*\}\}$/,
		);
	});

	it('does not call jobs that were only read "started" when a Get batch fails', async () => {
		const sim = await simulator();
		const { output } = await run(sim, createParameters);
		const ids = [output[0].json.id, 'video_does_not_exist'];
		const failure = await failureOf(
			run(sim, (itemIndex) => ({ operation: 'get', videoId: ids[itemIndex] }), {
				items: [{ json: {} }, { json: {} }],
			}),
		);
		expect(failure.message).toMatch(/video_does_not_exist/);
		expect(failure.description).not.toMatch(/Jobs already started/);
	});

	it('gives an error item only the fields the failure has (no request id, no HTTP code for a bad input)', async () => {
		const sim = await simulator();
		const { output } = await run(sim, { operation: 'get', videoId: ' ' }, { continueOnFail: true });
		expect(Object.keys(output[0].json).sort()).toEqual(['description', 'error']);
		expect(output[0].json.error).toMatch(/^Item 0, field "Video ID": the video ID is empty/);
	});

	it('names the row whose credential fails (an expression in it) before any job is sent', async () => {
		const sim = await simulator();
		// n8n-core throws a plain error when an expression in the credential fails for a row.
		const failOnItemOne = (itemIndex: number) => {
			if (itemIndex === 1) throw new Error('invalid syntax in the API Key expression');
		};
		const failure = await failureOf(
			run(sim, createParameters, { items: threeItems, onGetCredentials: failOnItemOne }),
		);
		expect(failure.message).toBe('invalid syntax in the API Key expression');
		expect(failure.context?.itemIndex).toBe(1);
		expect(sim.log()).toHaveLength(0);

		const { output } = await run(
			sim,
			{ operation: 'get', videoId: 'video_any' },
			{ items: threeItems.slice(0, 2), onGetCredentials: failOnItemOne, continueOnFail: true },
		);
		// Nothing but the message: no empty description, HTTP code or request ID to puzzle over.
		expect(output[1]).toStrictEqual({
			json: { error: 'invalid syntax in the API Key expression' },
			pairedItem: { item: 1 },
		});
	});

	it('says which item it was on when no credential is chosen (n8n-core names none)', async () => {
		const sim = await simulator();
		const noCredential = () => {
			throw new NodeOperationError(
				soraVideosNode,
				'Node does not have any credentials set for "soraVideosApi"!',
			);
		};
		const failure = await failureOf(
			run(sim, createParameters, { items: threeItems, onGetCredentials: noCredential }),
		);
		expect(failure.message).toMatch(/does not have any credentials set/);
		expect(failure.context?.itemIndex).toBe(0);
		expect(sim.log()).toHaveLength(0);
	});

	it('names the jobs a cancelled remix batch had already started, even with Continue On Fail', async () => {
		const sim = await simulator();
		const source = await create(sim, 'openai');
		clock.advance(60_000);
		const controller = new AbortController();
		// Remix sends one item at a time: the cancel comes as the second row is about to be sent.
		const cancelAtItemOne = (itemIndex: number) => {
			if (itemIndex === 1) controller.abort();
		};
		const failure = await failureOf(
			run(
				sim,
				{ operation: 'remix', videoId: source.id, prompt: 'same, at night' },
				{
					items: threeItems,
					signal: controller.signal,
					continueOnFail: true,
					onGetCredentials: cancelAtItemOne,
				},
			),
		);
		expect(failure.message).toMatch(/cancelled/);
		expect(failure.context?.itemIndex).toBe(1);
		expect(failure.description).toMatch(new RegExp(`^${startedJobs('item 0: video_\\w+').source}`));
		expect(sim.log().filter((entry) => entry.route.endsWith('/remix'))).toHaveLength(1);
	});

	it('says which operation it does not know instead of failing with a type error', async () => {
		const sim = await simulator();
		const failure = await failureOf(run(sim, { operation: 'explode' }));
		expect(failure.message).toBe('The operation "explode" is not supported');
		expect(sim.log()).toHaveLength(0);
	});
});
