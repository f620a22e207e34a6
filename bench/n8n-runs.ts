/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- Node tooling, not published (DEVELOPERS.md) */
// Running the benchmark's workflows in the real n8n (bench/n8n.ts): what every
// scenario shares. A workflow from bench/ is imported against a fresh simulator and a credential
// pointing at it, executed with `n8n execute` (in queue mode through a webhook instead:
// bench/p1-scale-queue.ts), and read back from n8n's run data and the
// simulator's request log.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	startSimulator,
	type RequestLogEntry,
	type Simulator,
	type SimulatorOptions,
} from '../simulator';
import type { N8nRuntime } from '../support/n8n/runtime';
import type {
	ExecuteResult,
	N8nInstance,
	N8nRun,
	NodeRun,
	WorkflowJson,
} from '../support/n8n/instance';
import type { BenchConfig } from './options';
import { step, type BenchReport } from './report';

const PACKAGE_NAME = 'n8n-nodes-sora-videos';
export const NODE_TYPE = `${PACKAGE_NAME}.soraVideos`;
export const BUILTIN_NODE_TYPE = '@n8n/n8n-nodes-langchain.openAi';
const STATUS_ROUTE = 'GET /videos/{id}';
export const CONTENT_ROUTE = 'GET /videos/{id}/content';
export const CREATE_ROUTE = 'POST /videos';

/** Our Sora Videos credential, or the one n8n's built-in OpenAI node uses. */
export type CredentialType = 'soraVideosApi' | 'openAiApi';

/** What every scenario works with. */
export interface BenchContext {
	runtime: N8nRuntime;
	instance: N8nInstance;
	apiKey: string;
	/** A temporary folder for raw copies and diagnostics, removed at the end. */
	scratch: string;
	/** This package, packed. */
	tarball: string;
	config: BenchConfig;
	report: BenchReport;
	/** `--keep`: every n8n user folder a scenario makes stays, as the main instance's does. */
	keep: boolean;
}

/**
 * A workflow from bench/: every credential reference renamed to `credentialName` (importWorkflow
 * then points it at that credential's id) and the Code node's prompt list replaced.
 */
function template(name: string, credentialName: string, prompts?: string[]): WorkflowJson {
	const file = join(__dirname, name);
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials ?? {}))
			node.credentials![type] = { id: null, name: credentialName };
		const code = node.parameters?.jsCode;
		if (prompts && typeof code === 'string') {
			const marked = /^const prompts = .*; \/\/ __PROMPTS__$/m;
			if (!marked.test(code))
				throw new Error(
					`bench/${name}: the Code node has no "const prompts = …; // __PROMPTS__" line`,
				);
			node.parameters!.jsCode = code.replace(
				marked,
				() => `const prompts = ${JSON.stringify(prompts)};`,
			);
		}
	}
	return workflow;
}

/**
 * A fresh simulator, a credential pointing at it, and the workflow imported against it (after
 * `reshape`, e.g. a webhook for its manual trigger). It stops the simulator when it fails and
 * otherwise leaves it running for the caller to read and stop.
 */
export async function prepareWorkflow(
	ctx: Pick<BenchContext, 'instance' | 'apiKey'>,
	options: Partial<SimulatorOptions>,
	credentialType: CredentialType,
	workflowFile: string,
	prompts?: string[],
	server?: string,
	reshape: (workflow: WorkflowJson) => WorkflowJson = (workflow) => workflow,
): Promise<{ sim: Simulator; workflow: WorkflowJson; workflowId: string }> {
	const sim = await startSimulator({ port: 0, apiKey: ctx.apiKey, ...options });
	try {
		const name = `bench ${credentialType} ${randomBytes(3).toString('hex')}`;
		const data =
			credentialType === 'soraVideosApi'
				? {
						apiKey: ctx.apiKey,
						baseUrl: sim.baseUrl,
						authHeader: 'bearer',
						server: server ?? 'auto',
					}
				: { apiKey: ctx.apiKey, organizationId: '', url: sim.baseUrl, header: false };
		const [credentialId] = await ctx.instance.importCredentials([
			{ name, type: credentialType, data },
		]);
		const imported = await ctx.instance.importWorkflow(
			reshape(template(workflowFile, name, prompts)),
			{ credentialIds: { [name]: credentialId! } },
		);
		return { sim, workflow: imported.workflow, workflowId: imported.id };
	} catch (error) {
		await sim.stop();
		throw error;
	}
}

/** Installs the packed package into `instance` and checks that n8n registers the node. */
export async function installOurPackage(instance: N8nInstance, tarball: string): Promise<void> {
	step('install the package into n8n');
	const installed = await instance.installPackage(tarball);
	if (!installed.nodeTypes.includes(NODE_TYPE))
		throw new Error(`n8n did not register ${NODE_TYPE}`);
}

/** The run of a successful execution; else an error with n8n's last output lines. */
export function requireRun(result: ExecuteResult, what: string): N8nRun {
	if (!result.ok || !result.run) {
		const output = `${result.stdout}\n${result.stderr}`.trimEnd().split('\n').slice(-30).join('\n');
		throw new Error(`${what}: ${result.problem ?? 'failed'}\n${output}`);
	}
	return result.run;
}

/** The last run of node `name`, with its start and execution times. */
export function nodeRun(run: N8nRun, name: string): NodeRun {
	const nodeRuns = run.data.resultData.runData[name];
	const last = nodeRuns?.[nodeRuns.length - 1];
	if (!last || typeof last.startTime !== 'number' || typeof last.executionTime !== 'number')
		throw new Error(`node "${name}" has no run data`);
	return last;
}

/** When a node returned (and n8n handed its items on). */
export const nodeEnd = (node: NodeRun) => node.startTime! + node.executionTime!;

/** The execution's wall time: n8n's startedAt → stoppedAt, else the span of its nodes' runs. */
export function wallTime(run: N8nRun): {
	ms: number;
	startMs: number;
	endMs: number;
	source: string;
} {
	const started = run.startedAt ? Date.parse(String(run.startedAt)) : Number.NaN;
	const stopped = run.stoppedAt ? Date.parse(String(run.stoppedAt)) : Number.NaN;
	if (Number.isFinite(started) && Number.isFinite(stopped) && stopped >= started) {
		return {
			ms: stopped - started,
			startMs: started,
			endMs: stopped,
			source: 'startedAt → stoppedAt',
		};
	}
	const nodeRuns = Object.values(run.data.resultData.runData).flat();
	const startMs = Math.min(...nodeRuns.map((node) => node.startTime ?? Infinity));
	const endMs = Math.max(
		...nodeRuns.map((node) => (node.startTime ?? 0) + (node.executionTime ?? 0)),
	);
	return { ms: endMs - startMs, startMs, endMs, source: 'first node start → last node end' };
}

/** The simulator's status requests for job `id`. */
export function statusRequests(sim: Simulator, id: string): RequestLogEntry[] {
	return sim
		.log()
		.filter(
			(entry) =>
				entry.route === STATUS_ROUTE &&
				(entry.videoId === id ||
					entry.path.split('?')[0]!.endsWith(`/videos/${encodeURIComponent(id)}`)),
		);
}

/** The simulator's requests on `route` for job `id`. */
export function requestsFor(sim: Simulator, route: string, id: string): RequestLogEntry[] {
	return sim.log().filter((entry) => entry.route === route && entry.videoId === id);
}

/** The URL of job `id`'s MP4 on `sim`. */
export const contentUrl = (sim: Simulator, id: string) =>
	`${sim.baseUrl}/videos/${encodeURIComponent(id)}/content`;
