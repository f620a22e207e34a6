/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node tooling, not published (DEVELOPERS.md) */
import type { IDataObject } from 'n8n-workflow';

import type { RunOptions } from '../../support/node-context';
import type { VirtualClock } from '../../support/virtual-clock';
import { credentialsAt, outcomeOf, withVirtualClock, type Outcome } from './node';
import { jsonAnswer, startWireServer, type WireAnswer, type WireRequest } from './wire';

/** Measuring what the node does, for the defaults table: one run against a server of the test's. */

export const job = (id: string, status: string, extra: IDataObject = {}) =>
	jsonAnswer(200, { id, object: 'video', status, ...extra });

export interface Measured {
	outcome: Outcome;
	seen: WireRequest[];
	clock: VirtualClock;
}

/** Runs the node once against a server answering with `route`, on a virtual clock. */
export async function measureRun(
	route: (request: WireRequest, seen: WireRequest[]) => WireAnswer | Promise<WireAnswer>,
	parameters: RunOptions['parameters'],
	rest: Partial<RunOptions> = {},
	credentialFields: IDataObject = {},
): Promise<Measured> {
	return await withVirtualClock(async (clock) => {
		const server = await startWireServer(async (request) => await route(request, server.seen));
		try {
			const outcome = await outcomeOf({
				credentials: credentialsAt(`${server.origin}/v1`, credentialFields),
				parameters,
				...rest,
			});
			return { outcome, seen: server.seen, clock };
		} finally {
			await server.stop();
		}
	});
}

/** Turns of the event loop without a new request after which every held request is answered. */
const QUIET_TURNS = 100;

/**
 * How many of the requests `held` picks the node has open at once, at most: each held request
 * waits until no new one has arrived for a while, so a batch the node sends together is all open
 * at the same time, whatever its size.
 */
export async function mostAtOnce(
	held: (request: WireRequest) => boolean,
	answer: (request: WireRequest) => WireAnswer,
	parameters: RunOptions['parameters'],
	items: number,
): Promise<number> {
	let arrivals = 0;
	let open = 0;
	let most = 0;
	const { outcome } = await measureRun(
		async (request) => {
			if (!held(request)) return answer(request);
			arrivals++;
			open++;
			most = Math.max(most, open);
			for (let seen = arrivals, quiet = 0; quiet < QUIET_TURNS; quiet++) {
				await new Promise((resolve) => setImmediate(resolve));
				if (arrivals !== seen) [seen, quiet] = [arrivals, 0];
			}
			open--;
			return answer(request);
		},
		parameters,
		{ items: Array.from({ length: items }, (_, index) => ({ json: { index } })) },
	);
	if ('failure' in outcome) throw new Error(`the run failed: ${outcome.failure.message}`);
	return most;
}

/** `ms` as the table writes a duration: "0.5 s", "60 s". */
export const seconds = (ms: number) => `${ms / 1000} s`;

/** The documented limit when the node accepts it and refuses one more; otherwise what it did. */
export async function boundary(documented: number, accepts: (value: number) => Promise<boolean>) {
	const [at, past] = [await accepts(documented), await accepts(documented + 1)];
	return at && !past
		? documented
		: `${at ? 'accepts' : 'refuses'} ${documented}, ${past ? 'accepts' : 'refuses'} ${documented + 1}`;
}
