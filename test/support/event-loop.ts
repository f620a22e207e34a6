/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node tooling, not published (DEVELOPERS.md) */
/**
 * Lets pending I/O run (sockets closing, callbacks firing) until `condition` holds, turn by turn
 * of the event loop, without sleeping; gives up after `maxTurns` and leaves the verdict to the test.
 */
export async function eventLoopTurnsUntil(
	condition: () => boolean,
	maxTurns = 2000,
): Promise<void> {
	for (let turn = 0; turn < maxTurns && !condition(); turn++) {
		await new Promise((resolve) => setImmediate(resolve));
	}
}
