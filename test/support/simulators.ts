import type { IDataObject } from 'n8n-workflow';

import { startSimulator, type ServerProfile, type Simulator } from '../../simulator';
import { VirtualClock } from './virtual-clock';

/**
 * Per-test simulators for the node's tests: a fresh virtual clock installed for each test, and
 * every simulator a test started stopped after it. `clock` is the current test's.
 */
export function simulatorsPerTest(apiKey: string) {
	const simulators: Simulator[] = [];
	let restoreClock: () => void;
	const setup = {
		clock: new VirtualClock(),
		/** A simulator on the test's clock, with 20 s renders. */
		async simulator(profile: ServerProfile = 'openai', extra: IDataObject = {}): Promise<Simulator> {
			const started = await startSimulator({ apiKey, profile, renderMs: 20000, now: setup.clock.now, ...extra });
			simulators.push(started);
			return started;
		},
	};
	beforeEach(() => {
		setup.clock = new VirtualClock();
		restoreClock = setup.clock.install();
	});
	afterEach(async () => {
		restoreClock();
		await Promise.all(simulators.splice(0).map(async (simulator) => await simulator.stop()));
	});
	return setup;
}
