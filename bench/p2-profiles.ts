/* eslint-disable no-console -- Node tooling, not published (DEVELOPERS.md) */
// P2 per server: for each simulator profile and render time of config.p2, a batch of jobs created
// together (Code → Sora Videos Create → Wait for Completion with download) against a fresh
// simulator with that profile and a credential whose Server names it; completion lag and status
// reads per job (bench/p2-completion-lag.ts) against the targets of servers with and without
// progress.
import type { ServerProfile } from '../simulator';
import { formatSeconds, loadNow } from './measure';
import { nodeEnd, nodeRun, type BenchContext } from './n8n-runs';
import { promptsFor } from './options';
import { checkOurItems, runBatch } from './p1-batch';
import { completionLag, recordCompletionLag } from './p2-completion-lag';
import { step } from './report';

/** The credential's Server for each profile P2 runs (credentials/SoraVideosApi.credentials.ts). */
const SERVER_OF: Partial<Record<ServerProfile, string>> = {
	openai: 'auto',
	'vllm-omni': 'vllmOmni',
	sglang: 'sglang',
	trt: 'tensorrtLlm',
};

/** Only OpenAI's server reports progress between 0 and 100 while a job renders. */
const reportsProgress = (profile: ServerProfile) => profile === 'openai';

/** The self-hosted servers serve one model; it is the workflow's, so Create's `model` matches. */
const WORKFLOW_MODEL = 'sora-2';

async function runProfile(
	ctx: BenchContext,
	profile: ServerProfile,
	renderMs: number,
): Promise<void> {
	const { jobs } = ctx.config.p2;
	const label = `${profile}, ${renderMs / 1000} s`;
	step(`P2 ${label}: ${jobs} jobs → Create → Wait for Completion (download)`);
	const server = SERVER_OF[profile];
	if (!server) throw new Error(`P2: no credential Server for the ${profile} profile`);
	const load = loadNow();
	const { sim, run } = await runBatch(ctx, {
		what: `P2 ${label}`,
		credentialType: 'soraVideosApi',
		workflowFile: 'p1-ours.json',
		timeoutMs: 15 * 60_000,
		prompts: promptsFor(jobs),
		simulator: { profile, servedModel: WORKFLOW_MODEL, renderMs, renderAhead: true },
		server,
	});
	try {
		const ids = checkOurItems(ctx, sim, run, `P2 ${label}`, jobs);
		const waitEnd = nodeEnd(nodeRun(run, 'Wait for Completion'));
		recordCompletionLag(ctx, sim, ids, waitEnd, {
			label,
			renderMs,
			withProgress: reportsProgress(profile),
			load,
		});
		const lag = completionLag(sim, ids, waitEnd);
		console.log(
			`  median lag ${formatSeconds(lag.medianLagMs)}, status requests ${lag.readsPerJob.join(' ')}`,
		);
	} finally {
		await sim.stop();
	}
}

/** Every profile at every render time; a batch that fails is reported and the next one runs. */
export async function scenarioP2(
	ctx: BenchContext,
	attempt: (label: string, work: () => Promise<void>) => Promise<void>,
): Promise<void> {
	for (const renderMs of ctx.config.p2.rendersMs)
		for (const profile of ctx.config.p2.profiles)
			await attempt(`P2 ${profile} ${renderMs / 1000} s`, () => runProfile(ctx, profile, renderMs));
}
