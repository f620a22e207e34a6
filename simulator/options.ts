import { FAULT_KINDS, ALL_PROFILES, type SimulatorOptions } from './types';

export const DEFAULT_API_KEY = 'sk-sim-local-key';

/** What the self-hosted profiles serve unless told otherwise: Wan 2.2 text-to-video, the usual vLLM-Omni model. */
export const DEFAULT_SERVED_MODEL = 'Wan-AI/Wan2.2-T2V-A14B-Diffusers';

/** Default queue time: a tenth of the render, at most one second. */
export function defaultQueueMs(renderMs: number): number {
	return Math.min(1000, Math.floor(renderMs / 10));
}

export function defaultOptions(): SimulatorOptions {
	return {
		port: 0,
		apiKey: DEFAULT_API_KEY,
		profile: 'openai',
		renderMs: 8000,
		proRenderFactor: 2,
		queueMs: defaultQueueMs(8000),
		assetLifetimeSeconds: 3600,
		moderationMarker: '[moderation]',
		engineErrorMarker: '[engine-error]',
		servedModel: null,
		faultRate: 0,
		faultSeed: 1,
		faultKinds: [...FAULT_KINDS],
		maxConsecutiveFaults: 3,
		dropCreateConnection: false,
		pollAfterMs: null,
		contentRedirect: false,
		renderAhead: false,
		contentFailures: 0,
		retired: false,
		videoBytes: null,
		gzip: false,
		chunked: false,
		validateRequests: false,
		validateResponses: false,
		stallMs: 30000,
		logFile: null,
		now: Date.now,
	};
}

/**
 * Applies a change to the current options. queueMs follows renderMs unless it was set
 * explicitly (here or earlier), so `{renderMs: 100}` alone gives a sensible 10 ms queue.
 */
export function mergeOptions(
	current: SimulatorOptions,
	change: Partial<SimulatorOptions>,
	queueExplicit: boolean,
): SimulatorOptions {
	const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
	const next: SimulatorOptions = { ...current, ...defined };
	if (change.renderMs !== undefined && change.queueMs === undefined && !queueExplicit) {
		next.queueMs = defaultQueueMs(next.renderMs);
	}
	checkOptions(next);
	return next;
}

/** Fails early on values that would make the simulator misbehave later. */
export function checkOptions(options: SimulatorOptions): void {
	const problems: string[] = [];
	if (!ALL_PROFILES.includes(options.profile))
		problems.push(`unknown profile '${options.profile}'`);
	if (!(options.faultRate >= 0 && options.faultRate <= 1))
		problems.push('faultRate must be within 0..1');
	for (const kind of options.faultKinds) {
		if (!FAULT_KINDS.includes(kind)) problems.push(`unknown fault kind '${kind}'`);
	}
	if (options.faultKinds.length === 0) problems.push('faultKinds must not be empty');
	if (!(options.renderMs >= 0)) problems.push('renderMs must be >= 0');
	if (!(options.queueMs >= 0)) problems.push('queueMs must be >= 0');
	if (!(Number.isInteger(options.contentFailures) && options.contentFailures >= -1)) {
		problems.push('contentFailures must be a whole number >= 0, or -1 (always)');
	}
	if (options.retired !== false && options.retired !== '404' && options.retired !== '410') {
		problems.push("retired must be false, '404' or '410'");
	}
	if (
		options.videoBytes !== null &&
		!(Number.isSafeInteger(options.videoBytes) && options.videoBytes > 0)
	) {
		problems.push('videoBytes must be a positive integer or null');
	}
	if (options.servedModel !== null && !options.servedModel.trim())
		problems.push('servedModel must not be empty');
	if (!options.apiKey) problems.push('apiKey must not be empty');
	if (problems.length > 0) throw new Error(`Invalid simulator options: ${problems.join('; ')}`);
}
