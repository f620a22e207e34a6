import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { transportSettings } from '../../../nodes/SoraVideos/transport';
import { runNode, type RunOptions, type RunResult } from '../../support/node-context';
import { KEY } from '../../support/node-harness';
import { VirtualClock } from '../../support/virtual-clock';

/** How the promise tests run the node: one case at a time, each on its own virtual clock. */

export { KEY };

/** Runs `body` with a fresh virtual clock installed for the node, restoring the real one after. */
export async function withVirtualClock<T>(body: (clock: VirtualClock) => Promise<T>): Promise<T> {
	const clock = new VirtualClock();
	const restore = clock.install();
	try {
		return await body(clock);
	} finally {
		restore();
	}
}

/**
 * Runs `body` with the transport's real-time stall watchdog at `idleTimeoutMs`, restoring the
 * saved value after: only a case that generates a stall needs it short.
 */
async function withIdleTimeout<T>(idleTimeoutMs: number, body: () => Promise<T>) {
	const saved = transportSettings.idleTimeoutMs;
	transportSettings.idleTimeoutMs = idleTimeoutMs;
	try {
		return await body();
	} finally {
		transportSettings.idleTimeoutMs = saved;
	}
}

/** A stall is noticed in a few of these; short, yet far above a busy machine's pauses. */
const STALL_WATCHDOG_MS = 200;

/** What a failure tells a user, as a thrown error or as a Continue On Fail item says it. */
export interface Told {
	message: string;
	description: string;
	httpCode?: number;
	requestId?: string;
	mayHaveStartedJob: boolean;
	/** Continue On Fail only: the item's pairing. */
	pairedItem?: unknown;
	json?: IDataObject;
}

export type Outcome = { output: INodeExecutionData[]; run: RunResult } | { failure: Told };

interface NodeFailure {
	message: string;
	description?: string | null;
	httpCode?: string | null;
	context?: IDataObject;
}

/** Runs the node and reads a thrown failure the way a user sees it. */
export async function outcomeOf(options: RunOptions): Promise<Outcome> {
	try {
		const run = await runNode(options);
		return { output: run.output, run };
	} catch (error) {
		const failure = error as NodeFailure;
		const context = failure.context ?? {};
		const httpCode = context.httpCode ?? failure.httpCode ?? undefined;
		return {
			failure: {
				message: failure.message,
				description: failure.description ?? '',
				httpCode: httpCode === undefined || httpCode === null ? undefined : Number(httpCode),
				requestId: typeof context.requestId === 'string' ? context.requestId : undefined,
				mayHaveStartedJob: context.mayHaveStartedJob === true,
			},
		};
	}
}

/** A Continue On Fail item read the same way as a thrown failure. */
export function toldByItem(item: INodeExecutionData): Told {
	const json = item.json;
	return {
		message: String(json.error),
		description: String(json.description ?? ''),
		httpCode: json.httpCode === undefined ? undefined : Number(json.httpCode),
		requestId: typeof json.requestId === 'string' ? json.requestId : undefined,
		mayHaveStartedJob: json.mayHaveStartedJob === true,
		pairedItem: item.pairedItem,
		json,
	};
}

/** The credential for a server at `baseUrl`, the key sent as a Bearer token unless `extra` says. */
export const credentialsAt = (baseUrl: string, extra: IDataObject = {}): IDataObject => ({
	apiKey: KEY,
	baseUrl,
	authHeader: 'bearer',
	...extra,
});

/** Runs the node; the stall watchdog is short only when the server may stall (`stalls`). */
export async function outcomeWatching(options: RunOptions, stalls: boolean): Promise<Outcome> {
	return await withIdleTimeout(
		stalls ? STALL_WATCHDOG_MS : transportSettings.idleTimeoutMs,
		async () => await outcomeOf(options),
	);
}
