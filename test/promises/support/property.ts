/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- Node tooling, not published (DEVELOPERS.md) */
import { relative } from 'node:path';

import fc from 'fast-check';

/**
 * The one place that decides how the promise properties run and how a failure is replayed.
 *
 * - By default (CI, `npm test`) every property runs its fixed number of cases from a fixed seed, so
 *   a run is deterministic.
 * - `FC_SEED=random` draws a new seed; `FC_SEED=<n>` uses that one; `FC_RUNS=<n>` sets the number
 *   of cases; `FC_PATH=<path>` (with the failure's seed) replays exactly the case that failed.
 * - A failure names the seed and path with the command that replays it: printed at once when the
 *   first case fails (shrinking may take a while) and again, shrunk, in the test's error.
 */
const FIXED_SEED = 20261125;
const CASE_TIMEOUT_MS = 20_000;

function seedFromEnvironment(): number {
	const requested = process.env.FC_SEED;
	if (requested === undefined || requested === '') return FIXED_SEED;
	if (requested === 'random') return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
	const seed = Number(requested);
	if (!Number.isInteger(seed))
		throw new Error(`FC_SEED must be an integer or "random", not ${requested}`);
	return seed;
}

function runsFromEnvironment(fallback: number): number {
	const requested = Number(process.env.FC_RUNS);
	return Number.isInteger(requested) && requested > 0 ? requested : fallback;
}

function replayCommand(seed: number, path: string): string {
	const { testPath, currentTestName } = expect.getState();
	const file = testPath ? relative(process.cwd(), testPath) : 'test/promises';
	const name = (currentTestName ?? '').replace(/'/g, "'\\''");
	return `FC_SEED=${seed} FC_PATH=${path} npx jest ${file} -t '${name}'`;
}

/**
 * Checks that `predicate` holds (does not throw) for `runs` values of `arbitrary`; fails the test
 * with fast-check's counterexample and the command that replays it.
 */
export async function holds<Value>(
	arbitrary: fc.Arbitrary<Value>,
	predicate: (value: Value) => Promise<void>,
	runs: number,
): Promise<void> {
	const seed = seedFromEnvironment();
	const path = process.env.FC_PATH || undefined;
	// Before the first failure each call is one generated case, so its index is its path.
	let calls = 0;
	let reported = false;
	const watched = async (value: Value) => {
		const index = calls++;
		try {
			await predicate(value);
		} catch (error) {
			if (!reported && !path) {
				reported = true;
				process.stderr.write(
					`Property failed on case ${index}; replay it with: ${replayCommand(seed, String(index))}\n`,
				);
			}
			throw error;
		}
	};
	const details = await fc.check(fc.asyncProperty(arbitrary, watched), {
		seed,
		path,
		numRuns: runsFromEnvironment(runs),
		// A case that hangs is a failure, and so is running out of time: never a pass with fewer cases.
		timeout: CASE_TIMEOUT_MS,
		interruptAfterTimeLimit: 100_000,
		markInterruptAsFailure: true,
	});
	if (!details.failed) return;
	const replay = replayCommand(details.seed, details.counterexamplePath ?? '0');
	const cause = details.errorInstance instanceof Error ? details.errorInstance.message : '';
	throw new Error(`${fc.defaultReportMessage(details)}\n\n${cause}\n\nReplay: ${replay}`);
}

/** How long a property test may take before Jest gives up: longer than the shrinking limit. */
export const PROPERTY_TIMEOUT_MS = 150_000;
