/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// Edit, Extend and Characters in real n8n (issue 25): flows/edit-extend-characters.json against
// the simulator's openai and litellm profiles, each paid request sent once, every upload and MP4
// intact, the extension's stitched length measured with ffprobe; and a refusal without a request
// where the credential's Server has no Edit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator, type ServerProfile, type Simulator } from '../../simulator';
import { probeVideo } from '../../support/ffprobe';
import { nodeItems, type N8nRun, type WorkflowJson } from '../../support/n8n/run-data';
import type { Cell } from './cells';
import { checkContext, importWithCredential, readWorkflow, type MatrixRun } from './cell-setup';
import { checkNodeStatuses, checkSoraOutputs, CREDENTIAL_TYPE, type CheckContext } from './checks';
import type { N8nInstance } from '../../support/n8n/instance';

export const NEW_SURFACE_FLOW = join(__dirname, 'flows', 'edit-extend-characters.json');

interface Cellular {
	cell: Cell;
	run: MatrixRun;
	instance: N8nInstance;
}

/** Requests each run of the flow must send exactly this often: a paid one is never repeated. */
const EXPECTED_COUNTS: Record<string, number> = {
	'POST /videos': 2,
	'POST /videos/edits': 2,
	'POST /videos/extensions': 1,
	'POST /videos/characters': 1,
	'GET /videos/characters/{id}': 1,
};

export async function runNewSurface(cellular: Cellular): Promise<void> {
	for (const [profile, server] of [
		['openai', 'auto'],
		['litellm', 'litellm'],
	] as const)
		await runFlow(cellular, profile, server);
	await checkRefusal(cellular);
}

async function importCredential(cellular: Cellular, baseUrl: string, server: string) {
	const [id] = await cellular.instance.importCredentials([
		{
			name: `Sora Videos (${server})`,
			type: CREDENTIAL_TYPE,
			data: { apiKey: cellular.run.apiKey, baseUrl, authHeader: 'bearer', server },
		},
	]);
	return id!;
}

async function runFlow(cellular: Cellular, profile: ServerProfile, server: string) {
	const { cell, run, instance } = cellular;
	const sim = await startSimulator({
		apiKey: run.apiKey,
		profile,
		renderMs: run.options.renderMs,
		validateResponses: true,
	});
	try {
		const credentialId = await importCredential(cellular, sim.baseUrl, server);
		const imported = await importWithCredential(
			instance,
			NEW_SURFACE_FLOW,
			credentialId,
			sim.baseUrl,
		);
		const ctx = { ...contextFor(cellular, imported.workflow), sim, jobsBefore: new Set<string>() };
		const result = await instance.execute(imported.id, { timeoutMs: 10 * 60_000 });
		if (result.problem) ctx.problems.push(result.problem);
		if (result.run) {
			checkNodeStatuses(result.run, ctx);
			await checkSoraOutputs(result.run, ctx);
			await checkFlow(result.run, sim, ctx);
		}
		run.report({
			cell: cell.name,
			label: `edit, extend and characters against the ${profile} profile (n8n execute)`,
			ok: ctx.problems.length === 0,
			ms: result.ms,
			problems: ctx.problems,
			notes: ctx.notes,
		});
	} finally {
		await sim.stop();
	}
}

function contextFor(cellular: Cellular, workflow: WorkflowJson): CheckContext {
	return checkContext(workflow, cellular.cell, cellular.run, async (binary) =>
		cellular.instance.readBinary(binary),
	);
}

const idOf = (run: N8nRun, node: string) => String(nodeItems(run, node)[0]?.json.id);

/** What the flow's own nodes prove beyond every workflow's checks. */
async function checkFlow(run: N8nRun, sim: Simulator, ctx: CheckContext): Promise<void> {
	for (const [route, expected] of Object.entries(EXPECTED_COUNTS))
		if (sim.count(route) !== expected)
			ctx.problems.push(`${route} sent ${sim.count(route)} time(s), expected ${expected}`);
	const source = await sim.expectedSha256(idOf(run, 'Wait and Download'));
	for (const node of ['Edit from File', 'Character Create']) {
		const upload = sim.uploadOf(idOf(run, node));
		if (upload?.sha256 !== source)
			ctx.problems.push(`${node}: the server received ${JSON.stringify(upload)}, not the MP4`);
	}
	const cast = sim.castOf(idOf(run, 'Create with Character'));
	if (JSON.stringify(cast) !== JSON.stringify([idOf(run, 'Character Create')]))
		ctx.problems.push(`Create with Character cast ${JSON.stringify(cast)}`);
	await probeDownload(run, ctx, 'Wait and Download', 4);
	await probeDownload(run, ctx, 'Wait and Download Extension', 12);
}

/** Decodes every frame of a node's MP4 with ffprobe and compares its length with `seconds`. */
async function probeDownload(run: N8nRun, ctx: CheckContext, node: string, seconds: number) {
	const [item] = nodeItems(run, node);
	const bytes = item?.binary?.data && (await ctx.readBinary(item.binary.data));
	if (!bytes) {
		ctx.problems.push(`${node}: no MP4 to probe`);
		return;
	}
	const folder = mkdtempSync(join(tmpdir(), 'sora-e2e-probe-'));
	try {
		const file = join(folder, 'video.mp4');
		writeFileSync(file, bytes);
		const probe = probeVideo(file);
		if (Math.abs(probe.duration - seconds) > 0.1 || probe.frames !== seconds * 24)
			ctx.problems.push(
				`${node}: ${probe.duration} s, ${probe.frames} frames; expected ${seconds} s`,
			);
		else ctx.notes.push(`${node}: ffprobe decoded ${probe.frames} frames, ${probe.duration} s`);
	} catch (error) {
		ctx.problems.push(`${node}: ${(error as Error).message}`);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

/** A credential whose Server has no Edit: the run fails with the refusal, and nothing is sent. */
async function checkRefusal(cellular: Cellular): Promise<void> {
	const { cell, run, instance } = cellular;
	const flow = readWorkflow(NEW_SURFACE_FLOW);
	const keep = new Set(['When clicking ‘Execute workflow’', 'Edit by ID']);
	const workflow: WorkflowJson = {
		...flow,
		name: 'e2e: Edit refused by the credential',
		nodes: flow.nodes
			.filter((node) => keep.has(node.name))
			.map((node) =>
				node.name === 'Edit by ID'
					? { ...node, parameters: { ...node.parameters, videoId: 'video_never_sent' } }
					: node,
			),
		connections: {
			'When clicking ‘Execute workflow’': {
				main: [[{ node: 'Edit by ID', type: 'main', index: 0 }]],
			},
		},
	};
	const credentialId = await importCredential(cellular, run.sim.baseUrl, 'vllmOmni');
	const imported = await importWithCredential(instance, workflow, credentialId, run.sim.baseUrl);
	const before = run.sim.log().length;
	const result = await instance.execute(imported.id, { timeoutMs: 5 * 60_000 });
	const problems: string[] = [];
	if (!/vLLM-Omni has no video edits/.test(result.problem ?? ''))
		problems.push(`expected the refusal, got ${result.problem ?? 'a successful run'}`);
	if (run.sim.log().length !== before)
		problems.push(`${run.sim.log().length - before} request(s) reached the server`);
	run.report({
		cell: cell.name,
		label: "Edit refused before sending when the credential's Server has none (n8n execute)",
		ok: problems.length === 0,
		ms: result.ms,
		problems,
		notes: [],
	});
}
