import { clock } from '../../nodes/SoraVideos/helpers/clock';

/**
 * Virtual time for tests: `sleep` advances the clock instead of waiting. Shared by the node
 * (through `install()`) and the simulator (pass `now` as its clock).
 */
export class VirtualClock {
	private current: number;
	readonly sleeps: number[] = [];

	constructor(start = Date.UTC(2026, 10, 25, 12, 0, 0)) {
		this.current = start;
	}

	now = (): number => this.current;

	advance(ms: number): void {
		this.current += ms;
	}

	sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
		if (signal?.aborted) throw signal.reason ?? new Error('aborted');
		this.sleeps.push(ms);
		this.current += ms;
		// Let other promises (concurrent requests) run, as a real sleep would.
		await new Promise((resolve) => setImmediate(resolve));
		if (signal?.aborted) throw signal.reason ?? new Error('aborted');
	};

	/** Makes the node use this clock; returns a function that restores the real one. */
	install(): () => void {
		const saved = { now: clock.now, sleep: clock.sleep };
		clock.now = this.now;
		clock.sleep = this.sleep;
		return () => {
			clock.now = saved.now;
			clock.sleep = saved.sleep;
		};
	}
}
