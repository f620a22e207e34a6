/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node tooling, not published (DEVELOPERS.md) */
import { clock } from '../../nodes/SoraVideos/helpers/clock';

interface Sleeper {
	deadline: number;
	wake: () => void;
}

/**
 * Virtual time for tests, shared by the node (through `install()`) and the simulator (pass `now`
 * as its clock). A sleep behaves like n8n's `sleep(ms, signal)` on a real clock, except that
 * nobody waits: sleepers wake in deadline order, one per turn of the event loop (so requests in
 * flight and other promises run in between, as they would), and time jumps to each one's
 * deadline as it wakes. An abort signal ends a sleep at once, with the signal's reason, and the
 * time it did not sleep never passes.
 */
export class VirtualClock {
	private current: number;
	private readonly sleepers: Sleeper[] = [];
	private wakeScheduled = false;
	/** Every sleep asked for, in ms, in order. */
	readonly sleeps: number[] = [];
	/** Called as each sleep starts: a test's way to act while the node sleeps. */
	onSleep?: (ms: number) => void;

	constructor(start = Date.UTC(2026, 10, 25, 12, 0, 0)) {
		this.current = start;
	}

	now = (): number => this.current;

	advance(ms: number): void {
		this.current += ms;
	}

	sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
		if (signal?.aborted) throw abortReason(signal);
		this.sleeps.push(ms);
		await new Promise<void>((resolve, reject) => {
			const sleeper: Sleeper = {
				deadline: this.current + ms,
				wake: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				},
			};
			const onAbort = () => {
				this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
				reject(abortReason(signal!));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.sleepers.push(sleeper);
			this.scheduleWake();
			this.onSleep?.(ms);
		});
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

	private scheduleWake(): void {
		if (this.wakeScheduled) return;
		this.wakeScheduled = true;
		setImmediate(() => {
			this.wakeScheduled = false;
			if (this.sleepers.length === 0) return;
			this.sleepers.sort((a, b) => a.deadline - b.deadline);
			const next = this.sleepers.shift()!;
			this.current = Math.max(this.current, next.deadline);
			next.wake();
			if (this.sleepers.length > 0) this.scheduleWake();
		});
	}
}

/** What n8n's sleep rejects with: the signal's reason, as an Error. */
function abortReason(signal: AbortSignal): Error {
	const reason: unknown = signal.reason;
	return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'));
}
