import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../simulator';
import { DEFAULT_SERVED_MODEL } from '../../simulator/options';
import { runNode, type RunOptions } from './node-context';
import { credentialsFor } from './node-harness';

/**
 * For tests against self-hosted inference servers (vLLM-Omni, SGLang-Diffusion, TensorRT-LLM), as
 * the simulator's vllm-omni, sglang and trt profiles reproduce them: the model they serve, and
 * runs with the credential's Server choice for what their answers cannot tell.
 */
export const WAN = DEFAULT_SERVED_MODEL;

/** Runs the node against `sim` with the credential's Server set to `server` (unset: left out). */
export async function runWithServer(
	sim: Simulator,
	parameters: RunOptions['parameters'],
	server?: string,
	rest: Partial<RunOptions> = {},
) {
	return await runNode({
		credentials: credentialsFor(sim, server ? { server } : {}),
		parameters,
		...rest,
	});
}

/** Create's parameters for a 4-second 832x480 video of the served model, with `change` over them. */
export const servedModelCreate = (change: IDataObject = {}) => ({
	operation: 'create',
	prompt: 'a lighthouse at dusk',
	model: WAN,
	seconds: '4',
	size: '832x480',
	options: {},
	...change,
});

/** Creates a job of the served model on `sim`; returns the job. */
export async function createServed(sim: Simulator, change: IDataObject = {}, server?: string) {
	const { output } = await runWithServer(sim, servedModelCreate(change), server);
	return output[0].json as IDataObject & { id: string };
}
