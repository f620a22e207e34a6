import type { FaultKind, SimulatorOptions } from './types';

/**
 * Seeded, transient faults on reads. One PRNG draw decides whether a read faults and a second
 * which kind, so a sequential client sees the same sequence for the same seed. A given
 * method+path never faults more than `maxConsecutiveFaults` times in a row, so a client that
 * retries always gets through.
 */

/** mulberry32: tiny, fast, good enough to spread faults. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultPlan {
	private random: () => number;
	private readonly streaks = new Map<string, number>();

	constructor(seed: number) {
		this.random = mulberry32(seed);
	}

	/** Restarts the sequence (called when fault knobs change). */
	reset(seed: number): void {
		this.random = mulberry32(seed);
		this.streaks.clear();
	}

	/** The fault for this read, or null. `key` is method + path. */
	next(key: string, options: SimulatorOptions): FaultKind | null {
		if (options.faultRate <= 0) return null;
		const streak = this.streaks.get(key) ?? 0;
		const hit = this.random() < options.faultRate && streak < options.maxConsecutiveFaults;
		if (!hit) {
			this.streaks.delete(key);
			return null;
		}
		this.streaks.set(key, streak + 1);
		const kinds = options.faultKinds;
		return kinds[Math.min(kinds.length - 1, Math.floor(this.random() * kinds.length))];
	}
}

/** A proxy's HTML error page, as a 502 usually arrives (not JSON). */
export const BAD_GATEWAY_HTML =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export const FAULT_ERRORS: Record<
	'429' | '500' | '503',
	{ message: string; type: string; code: string | null }
> = {
	'429': {
		message: 'Rate limit reached for requests. Please try again in 1s.',
		type: 'requests',
		code: 'rate_limit_exceeded',
	},
	'500': {
		message: 'The server had an error while processing your request. Sorry about that!',
		type: 'server_error',
		code: null,
	},
	'503': {
		message: 'The engine is currently overloaded, please try again later.',
		type: 'server_error',
		code: null,
	},
};
