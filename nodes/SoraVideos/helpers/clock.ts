import { sleep } from 'n8n-workflow';

/**
 * The node's only source of time. Tests replace `now` and `sleep` with a virtual clock shared
 * with the simulator, so a 20 s render is waited for without any real waiting.
 */
export const clock = {
	now: (): number => Date.now(),
	sleep: async (ms: number, signal?: AbortSignal): Promise<void> => await sleep(ms, signal),
};
