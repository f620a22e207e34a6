/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- Node tooling, not published (DEVELOPERS.md) */
import { createHash } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSimulator, type ServerProfile, type Simulator } from '../../simulator';
import { createParameters, runNode, type RunOptions } from './node-context';
import { VirtualClock } from './virtual-clock';

/** What the node tests share: the key, a virtual clock per test, simulators that stop after it. */
export const KEY = 'sk-test-KEY-7f3a9c-do-not-leak';

/** How long the simulators of the node tests render a job, on the virtual clock. */
export const RENDER_MS = 20000;

export let clock: VirtualClock;
const simulators: Simulator[] = [];

/** Gives each test a fresh virtual clock and stops the simulators it started. */
export function useSimulators() {
	let restoreClock: () => void;
	beforeEach(() => {
		clock = new VirtualClock();
		restoreClock = clock.install();
	});
	afterEach(async () => {
		restoreClock();
		await Promise.all(simulators.splice(0).map(async (simulator) => await simulator.stop()));
	});
}

export async function simulator(
	profile: ServerProfile = 'openai',
	extra: IDataObject = {},
): Promise<Simulator> {
	const started = await startSimulator({
		apiKey: KEY,
		profile,
		renderMs: RENDER_MS,
		now: clock.now,
		...extra,
	});
	simulators.push(started);
	return started;
}

/** The test key, sent as a Bearer token to `baseUrl`. */
export const credentialsAt = (baseUrl: string, extra: IDataObject = {}) => ({
	apiKey: KEY,
	baseUrl,
	authHeader: 'bearer',
	...extra,
});

export const credentialsFor = (sim: Simulator, extra: IDataObject = {}) =>
	credentialsAt(sim.baseUrl, extra);

/** Create's parameters for an 8-second 1280x720 Veo 3.1 video, for a credential whose Server is OpenRouter. */
export const veoParameters = {
	operation: 'create',
	prompt: 'a lighthouse in a storm',
	model: 'google/veo-3.1',
	seconds: '8',
	size: '1280x720',
	options: {},
};

/** vLLM-Omni runs only the model it serves: an empty Model leaves it to the server. */
export const modelFor = (profile: ServerProfile) =>
	profile === 'bifrost' ? 'openai/sora-2' : profile === 'vllm-omni' ? '' : 'sora-2';

/** Runs the node against the server at `baseUrl` (a simulator's or a test's own). */
export async function runAt(
	baseUrl: string,
	parameters: RunOptions['parameters'],
	rest: Partial<RunOptions> = {},
) {
	return await runNode({ credentials: credentialsAt(baseUrl), parameters, ...rest });
}

export async function run(
	sim: Simulator,
	parameters: RunOptions['parameters'],
	rest: Partial<RunOptions> = {},
) {
	return await runAt(sim.baseUrl, parameters, rest);
}

export async function create(
	sim: Simulator,
	profile: ServerProfile,
	prompt = createParameters.prompt,
) {
	const { output } = await run(sim, {
		...createParameters,
		prompt,
		model: modelFor(profile),
		options: profile === 'bifrost' ? { sendAsJson: true } : {},
	});
	return output[0].json as IDataObject & { id: string };
}

/** Wait for Completion's parameters for the job `videoId`. */
export const waitFor = (videoId: unknown, options: IDataObject = {}): IDataObject => ({
	operation: 'waitForCompletion',
	videoId: String(videoId),
	options,
});

/** An input item with a PNG in binary property `image`, as a Read/Write Files node gives it. */
export const pngItem = (png: Buffer): INodeExecutionData => ({
	json: {},
	binary: { image: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'frame.png' } },
});

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Fails when the key is anywhere in `values`; of an error, its message and description count. */
export function expectNoKey(...values: unknown[]) {
	const text = JSON.stringify(values, (_key, value: unknown) =>
		value instanceof Error
			? { message: value.message, description: (value as { description?: string }).description }
			: value,
	);
	expect(text).not.toContain(KEY);
}
