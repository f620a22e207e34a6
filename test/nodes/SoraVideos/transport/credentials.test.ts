// docs/protocol.md rule 2: the node reads each item's credential once in a run (n8n reads it from
// its database and decrypts it at every call), and never lends one item's credential to another
// (a credential's fields may be expressions of the item: n8n's dynamic credentials).
import { createParameters } from '../../../support/node-context';
import { run, simulator, useSimulators, waitFor } from '../../../support/node-harness';

useSimulators();

const items = (count: number) => Array.from({ length: count }, () => ({ json: {} }));

/** How many times the node read each item's credential in one run. */
function readCounter() {
	const reads: number[] = [];
	return {
		reads,
		onGetCredentials: (itemIndex: number) => {
			reads[itemIndex] = (reads[itemIndex] ?? 0) + 1;
		},
	};
}

it('reads each item credential once per run: checking, sending and polling share it', async () => {
	const sim = await simulator('openai', { renderMs: 20_000 });
	const created = readCounter();
	const { output } = await run(sim, createParameters, {
		items: items(5),
		onGetCredentials: created.onGetCredentials,
	});
	expect(output).toHaveLength(5);
	expect(created.reads).toEqual([1, 1, 1, 1, 1]);

	const waited = readCounter();
	const done = await run(sim, (itemIndex) => waitFor(String(output[itemIndex].json.id)), {
		items: output,
		onGetCredentials: waited.onGetCredentials,
	});
	expect(done.output.map((item) => item.json.status)).toEqual(Array(5).fill('completed'));
	// Each job was read several times (and its MP4 fetched), on one read of its credential.
	const statusReads = sim.log().filter((entry) => entry.route === 'GET /videos/{id}');
	expect(statusReads.length).toBeGreaterThan(5);
	expect(waited.reads).toEqual([1, 1, 1, 1, 1]);
});

it('sends each item where its own credential points (its expressions are resolved per item)', async () => {
	const first = await simulator();
	const second = await simulator();
	const { output } = await run(first, createParameters, {
		items: items(3),
		onGetCredentials: (itemIndex) => (itemIndex === 1 ? { baseUrl: second.baseUrl } : {}),
	});
	const posts = (sim: typeof first) =>
		sim.log().filter((entry) => entry.route === 'POST /videos').length;
	expect([posts(first), posts(second)]).toEqual([2, 1]);
	expect(output).toHaveLength(3);
});
