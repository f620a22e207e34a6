// The item loop as a user sees it: what an error item holds, which jobs a failing batch names, and
// what an unknown operation says.
import { createParameters, failureOf } from '../support/node-context';
import { run, simulator, useSimulators } from './harness';

useSimulators();

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
		expect(failure.description).toMatch(
			/Jobs already started for other items \(find them with Get Many or wait for them with Wait for Completion\): item 0: video_\w+, item 2: video_\w+\.$/,
		);
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

	it('says which operation it does not know instead of failing with a type error', async () => {
		const sim = await simulator();
		const failure = await failureOf(run(sim, { operation: 'explode' }));
		expect(failure.message).toBe('The operation "explode" is not supported');
		expect(sim.log()).toHaveLength(0);
	});
});
