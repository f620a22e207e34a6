/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// A cell for a server with a dialect of its own (OpenRouter): its own simulator with that profile,
// a credential naming the Server, and the workflows written for it, each through `n8n execute`:
// the examples for it (text to video with a last frame), an image-to-video run with a first and a
// last frame whose file comes from the signed URL, and two runs that must be refused before any
// request (an operation OpenRouter lacks, a duration the model lacks). Besides the usual checks
// (byte-identical files), it checks that the create bodies held only OpenRouter's fields and that
// the API key never reached the signed-URL origin.
import { basename, join } from 'node:path';

import { startSimulator } from '../../simulator';
// The fields of OpenRouter's API reference, as the simulator's strict profile takes them.
import { OPENROUTER_FIELDS } from '../../simulator/validation';
import type { Cell } from './cells';
import {
	checkContext,
	checkOffline,
	chosenByOnly,
	exampleFiles,
	importWithCredential,
	prepareInstance,
	readWorkflow,
	repoRoot,
	type MatrixRun,
} from './cell-setup';
import { checkNodeStatuses, checkSoraOutputs, createdIds, type CheckContext } from './checks';
import type { N8nInstance } from '../../support/n8n/instance';
import type { WorkflowJson } from '../../support/n8n/run-data';

/** One workflow the cell runs, and what its run must show. */
interface CellWorkflow {
	/** A name `--only` can choose by. */
	name: string;
	workflow: WorkflowJson;
	/** Completed downloads, or a refusal with this text and no request but the model catalog. */
	expect: { completes: true; frames?: string[]; signedUrl?: boolean } | { refusedWith: string };
}

/** A copy of a workflow with new parameters for one node, and the nodes after it left out. */
function withNode(workflow: WorkflowJson, name: string, parameters: object): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const node = copy.nodes.find((candidate) => candidate.name === name)!;
	node.parameters = { ...node.parameters, ...parameters };
	return copy;
}

function cellWorkflows(cell: Cell): CellWorkflow[] {
	const examples = exampleFiles(cell.own).map((file) => ({
		name: basename(file),
		workflow: readWorkflow(file),
		expect: { completes: true } as const,
	}));
	const veo = readWorkflow(join(repoRoot, 'examples', 'openrouter-veo.json'));
	const imageToVideo = withNode(
		readWorkflow(join(repoRoot, 'examples', 'image-to-video.json')),
		'Start Render',
		{
			model: 'google/veo-3.1',
			seconds: '8',
			options: { referenceImageBinaryProperty: 'data', lastFrameImageBinaryProperty: 'data' },
		},
	);
	return [
		...examples,
		{
			name: 'openrouter-image-to-video (first and last frame, file from the signed URL)',
			workflow: imageToVideo,
			expect: { completes: true, frames: ['first_frame', 'last_frame'], signedUrl: true },
		},
		{
			name: 'openrouter-get-many (refused)',
			workflow: withNode(veo, 'Start Render', { operation: 'getMany', returnAll: true }),
			expect: { refusedWith: 'OpenRouter has no list of videos (Get Many)' },
		},
		{
			name: 'openrouter-duration (refused)',
			workflow: withNode(veo, 'Start Render', { seconds: '5' }),
			expect: { refusedWith: 'google/veo-3.1 does not support 5 seconds' },
		},
	];
}

/** The bodies held OpenRouter's fields only, with the frames asked for. */
function checkBodies(ctx: CheckContext, jobs: string[], frames: string[] | undefined): void {
	for (const id of jobs) {
		const sent = ctx.sim.createdWith(id);
		const foreign = (sent?.fields ?? []).filter((field) => !OPENROUTER_FIELDS.has(field));
		if (foreign.length > 0) ctx.problems.push(`${id}: fields OpenRouter does not take: ${foreign}`);
		if (frames && JSON.stringify(sent?.frames) !== JSON.stringify(frames))
			ctx.problems.push(`${id}: frames ${JSON.stringify(sent?.frames)}, expected ${frames}`);
	}
	ctx.notes.push(`create bodies: ${jobs.map((id) => ctx.sim.createdWith(id)?.fields.join(', '))}`);
}

/** The signed origin served the file, and never saw the key (the log keeps a sent key as "[redacted]"). */
function checkSignedOrigin(ctx: CheckContext, since: number, signedUrl: boolean): void {
	const signed = ctx.sim
		.log()
		.slice(since)
		.filter((entry) => entry.origin === 'files');
	if (signedUrl && !signed.some((entry) => entry.status === 200))
		ctx.problems.push('no file was fetched from the signed URL (urls[0])');
	const withKey = signed.filter((entry) => entry.headers.authorization !== undefined);
	if (withKey.length > 0)
		ctx.problems.push(
			`${withKey.length} request(s) to the signed-URL origin carried Authorization`,
		);
	ctx.notes.push(`${signed.length} request(s) to the signed-URL origin, none with the key`);
}

async function runWorkflow(
	cell: Cell,
	run: MatrixRun,
	instance: N8nInstance,
	credentialId: string,
	entry: CellWorkflow,
): Promise<void> {
	const { sim } = run;
	const since = sim.log().length;
	const imported = await importWithCredential(instance, entry.workflow, credentialId, sim.baseUrl);
	const ctx = checkContext(imported.workflow, cell, run, async (binary) =>
		instance.readBinary(binary),
	);
	const signedUrl = 'completes' in entry.expect && entry.expect.signedUrl === true;
	// /content refusing every try sends the download to the job's signed urls[0].
	sim.configure({ contentFailures: signedUrl ? -1 : 0 });
	const result = await instance.execute(imported.id, { timeoutMs: 10 * 60_000 });
	const jobs = [...createdIds(sim)].filter((id) => !ctx.jobsBefore.has(id));
	if ('refusedWith' in entry.expect) {
		if (!result.problem?.includes(entry.expect.refusedWith))
			ctx.problems.push(
				`expected "${entry.expect.refusedWith}", got ${result.problem ?? 'success'}`,
			);
		// Reading the model catalog for Create's checks is the one request allowed.
		const sent = sim
			.log()
			.slice(since)
			.filter((e) => e.route !== 'GET /videos/models');
		if (sent.length > 0) ctx.problems.push(`requests were sent: ${sent.map((e) => e.route)}`);
		ctx.notes.push(`refused before sending: ${result.problem}`);
	} else {
		if (result.problem) ctx.problems.push(result.problem);
		if (result.run) {
			checkNodeStatuses(result.run, ctx);
			await checkSoraOutputs(result.run, ctx);
		}
		checkBodies(ctx, jobs, entry.expect.frames);
		checkSignedOrigin(ctx, since, signedUrl);
	}
	run.report({
		cell: cell.name,
		label: `${entry.name} (n8n execute)`,
		ok: ctx.problems.length === 0,
		ms: result.ms,
		problems: ctx.problems,
		notes: ctx.notes,
	});
}

/** The cell: its own simulator, an instance whose credential names the server, its workflows. */
export async function runOwnServerCell(cell: Cell, shared: MatrixRun): Promise<void> {
	const own = cell.own!;
	const sim = await startSimulator({
		port: 0,
		apiKey: shared.apiKey,
		profile: own.profile,
		renderMs: shared.options.renderMs,
	});
	console.log(`  ${own.profile} simulator ${sim.baseUrl}`);
	const run: MatrixRun = { ...shared, sim };
	try {
		const { instance, credentialId } = await prepareInstance(cell, run, {});
		try {
			for (const entry of cellWorkflows(cell))
				if (chosenByOnly(entry.name, run.options))
					await runWorkflow(cell, run, instance, credentialId, entry);
			checkOffline(cell, instance, run);
		} finally {
			await instance.dispose();
		}
	} finally {
		await sim.stop();
	}
}
