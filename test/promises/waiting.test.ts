// README, "Waiting is one loop" and docs/protocol.md rule 25: Wait for Completion sees a batch
// finish soon after it does without reading more than about once per 3 s of a job's render,
// whether or not the server reports progress. For generated batches (1 to 12 jobs created within
// a second, renders of 6 s to 5 min, on each kind of server: vLLM-Omni's progress 0, SGLang's
// `queued`, TensorRT-LLM's none, OpenAI's rising progress), against the simulator in virtual time:
// - every job ends completed, in input order;
// - the wait ends within 40 % of a job's render (at most 21 s) after the last job finishes;
// - a batch of two or more ends within 3 s of its first job being seen completed (jobs created
//   together finish together: its siblings are read at once);
// - no job is read more than once per 3 s of its render (per 4 s with progress), or 4 times in
//   all, plus one.
import fc from 'fast-check';

import type { ServerProfile } from '../../simulator';
import { clock, create, run, simulator, useSimulators, waitFor } from '../support/node-harness';
import { holds, PROPERTY_TIMEOUT_MS } from './support/property';

useSimulators();

interface Case {
	profile: ServerProfile;
	jobs: number;
	renderMs: number;
	/** How far apart the jobs are created, in all. */
	spreadMs: number;
}

const cases: fc.Arbitrary<Case> = fc.record({
	profile: fc.constantFrom<ServerProfile>('vllm-omni', 'sglang', 'trt', 'openai'),
	jobs: fc.integer({ min: 1, max: 12 }),
	renderMs: fc.integer({ min: 6_000, max: 300_000 }),
	spreadMs: fc.integer({ min: 0, max: 1_000 }),
});

const STATUS_ROUTE = 'GET /videos/{id}';

async function waitOn({ profile, jobs, renderMs, spreadMs }: Case) {
	const sim = await simulator(profile, { renderMs });
	const items = [];
	for (let index = 0; index < jobs; index++) {
		items.push({ json: await create(sim, profile, `prompt ${index}`) });
		clock.advance(spreadMs / jobs);
	}
	const ids = items.map((item) => item.json.id);
	const { output } = await run(sim, (index) => waitFor(ids[index]), { items });
	const reads = (id: string) =>
		sim.log().filter((entry) => entry.route === STATUS_ROUTE && entry.path.includes(id));
	const completedAt = ids.map((id) => sim.completedAt(id)!);
	const firstSeen = Math.min(
		...ids.map((id, index) => reads(id).find((entry) => entry.time >= completedAt[index])!.time),
	);
	return {
		output,
		ids,
		endedAt: clock.now(),
		lastCompletedAt: Math.max(...completedAt),
		firstSeen,
		readCounts: ids.map((id) => reads(id).length),
	};
}

it(
	'a batch is seen finished soon after it finishes, reading about once per 3 s of render at most',
	async () => {
		await holds(
			cases,
			async (generated) => {
				const seen = await waitOn(generated);
				expect(seen.output.map((item) => [item.json.id, item.json.status])).toEqual(
					seen.ids.map((id) => [id, 'completed']),
				);
				const lag = seen.endedAt - seen.lastCompletedAt;
				expect(lag).toBeLessThanOrEqual(Math.min(0.4 * generated.renderMs, 20_000) + 1_000);
				if (generated.jobs > 1) expect(seen.endedAt - seen.firstSeen).toBeLessThanOrEqual(3_000);
				const msPerRead = generated.profile === 'openai' ? 4_000 : 3_000;
				// One more for `created_at`'s rounding down to the second, which makes a job look older.
				const allowed = Math.max(4, generated.renderMs / msPerRead) + 1;
				for (const count of seen.readCounts) expect(count).toBeLessThanOrEqual(allowed);
			},
			25,
		);
	},
	PROPERTY_TIMEOUT_MS,
);
