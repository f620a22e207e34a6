/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// A regular-mode cell: every workflow through `n8n execute`, webhook workflows through `n8n start`
// (which also serves the credential test in the full cells).
import { basename, join, relative } from 'node:path';

import type { Cell } from './cells';
import {
	checkContext,
	checkOffline,
	chosenByOnly,
	exampleFiles,
	importWithCredential,
	listJson,
	prepareInstance,
	readWorkflow,
	repoRoot,
	type MatrixRun,
} from './cell-setup';
import {
	checkNodeStatuses,
	checkSoraOutputs,
	downloads,
	soraNodes,
	type CheckContext,
} from './checks';
import { checkCredentialTest } from './credential-test';
import { NEW_SURFACE_FLOW, runNewSurface } from './new-surface';
import { N8N_VERSION } from '../../support/n8n/runtime';
import type { N8nInstance } from '../../support/n8n/instance';
import { tail } from '../../support/n8n/processes';
import { nodeItems, type N8nRun, type WorkflowJson } from '../../support/n8n/run-data';
import type { N8nServer } from '../../support/n8n/server';
import { ownerSession } from '../../support/n8n/owner-session';
import {
	checkRefusal,
	checkWebhookAnswer,
	refusesBadRequests,
	DEFAULT_WEBHOOK_BODY,
	type WebhookWorkflow,
} from './webhooks';
import { callWebhook, webhookOf, webhookPath } from '../../support/n8n/webhooks';

/** Smoke fixtures' own checks (n8n itself: CLI, Code node, task runner, webhooks). */
const fixtureChecks: Record<
	string,
	{
		run?: (run: N8nRun, stdout: string, ctx: CheckContext) => void;
		webhookBody?: unknown;
		response?: (body: unknown, ctx: CheckContext) => void;
	}
> = {
	'manual-code.json': {
		run(run, stdout, ctx) {
			const squares = nodeItems(run, 'Code').map((item) => item.json.square);
			if (JSON.stringify(squares) !== '[0,1,4]')
				ctx.problems.push(`Code node output ${JSON.stringify(squares)}, expected [0,1,4]`);
			ctx.notes.push(
				/Registered runner "JS Task Runner"/.test(stdout)
					? 'Code node ran in the JS task runner (internal mode)'
					: 'Code node ran without a task runner',
			);
		},
	},
	'webhook-code.json': {
		webhookBody: { prompt: 'hello e2e' },
		response(body, ctx) {
			const expected = { echoed: 'hello e2e', length: 9, status: 'completed' };
			if (JSON.stringify(body) !== JSON.stringify(expected))
				ctx.problems.push(
					`webhook answered ${JSON.stringify(body)}, expected ${JSON.stringify(expected)}`,
				);
		},
	},
};

/** One regular cell's instance and what its checks need. */
interface RegularCell {
	cell: Cell;
	run: MatrixRun;
	instance: N8nInstance;
	credentialId: string;
}

/** Regular mode: every workflow through `n8n execute`, webhook workflows through `n8n start`. */
export async function runRegularCell(cell: Cell, run: MatrixRun): Promise<void> {
	const { profile } = run.sim.options;
	if (cell.served) run.sim.configure({ profile: cell.served.profile });
	const { instance, credentialId } = await prepareInstance(cell, run, {});
	const regular: RegularCell = { cell, run, instance, credentialId };
	try {
		const webhookRuns: WebhookWorkflow[] = [];
		for (const file of workflowFiles(cell, run)) {
			const imported = await importWithCredential(instance, file, credentialId, run.sim.baseUrl);
			const webhook = webhookOf(imported.workflow);
			if (webhook) webhookRuns.push({ file, workflow: imported.workflow, node: webhook });
			else await executeAndCheck(regular, file, imported.id, imported.workflow);
		}
		if (webhookRuns.length > 0 || cell.full) await runWebhooks(regular, webhookRuns);
		// The edit/extend/characters flow runs against both profiles in the other 2.40.7 cells.
		if (
			cell.n8nVersion === N8N_VERSION &&
			!cell.served &&
			chosenByOnly(NEW_SURFACE_FLOW, run.options)
		)
			await runNewSurface(regular);
		checkOffline(cell, instance, run);
	} finally {
		await instance.dispose();
		run.sim.configure({ profile });
	}
}

/** The smoke fixtures (full cells), the examples (those that download, unless full) and --workflow files. */
function workflowFiles(cell: Cell, run: MatrixRun): string[] {
	const examples = exampleFiles().filter((file) => cell.full || downloads(readWorkflow(file)));
	const fixtures = cell.full ? listJson(join(__dirname, 'fixtures')) : [];
	return [...fixtures, ...examples, ...run.options.extraWorkflows].filter((file) =>
		chosenByOnly(file, run.options),
	);
}

function contextFor(regular: RegularCell, workflow: WorkflowJson): CheckContext {
	return checkContext(workflow, regular.cell, regular.run, async (binary) =>
		regular.instance.readBinary(binary),
	);
}

async function executeAndCheck(
	regular: RegularCell,
	file: string,
	workflowId: string,
	workflow: WorkflowJson,
): Promise<void> {
	const ctx = contextFor(regular, workflow);
	const result = await regular.instance.execute(workflowId, { timeoutMs: 10 * 60_000 });
	if (result.problem) ctx.problems.push(result.problem);
	if (result.run) {
		checkNodeStatuses(result.run, ctx);
		await checkSoraOutputs(result.run, ctx);
		fixtureChecks[basename(file)]?.run?.(result.run, result.stdout, ctx);
	} else {
		ctx.notes.push(`output tail:\n${tail(`${result.stdout}\n${result.stderr}`, 25)}`);
	}
	regular.run.report({
		cell: regular.cell.name,
		label: `${relative(repoRoot, file)} (n8n execute)`,
		ok: ctx.problems.length === 0,
		ms: result.ms,
		problems: ctx.problems,
		notes: ctx.notes,
	});
}

/** Publishes the webhook workflows, starts n8n, calls each and, in full cells, tests the credential. */
async function runWebhooks(regular: RegularCell, webhookRuns: WebhookWorkflow[]): Promise<void> {
	const { cell, run, instance } = regular;
	for (const { workflow } of webhookRuns) await instance.publishWorkflow(workflow.id!);
	const server = await instance.startServer();
	try {
		for (const entry of webhookRuns) await callAndCheck(regular, server, entry);
		if (cell.full)
			run.report(
				await checkCredentialTest(
					cell,
					server,
					await ownerSession(server),
					run.sim,
					run.apiKey,
					regular.credentialId,
				),
			);
	} finally {
		await server.stop();
	}
}

async function callAndCheck(
	regular: RegularCell,
	server: N8nServer,
	{ file, workflow, node }: WebhookWorkflow,
): Promise<void> {
	const ctx = contextFor(regular, workflow);
	const fixture = fixtureChecks[basename(file)];
	const waited = await server.waitForWebhook(
		webhookPath(node),
		String(node.parameters?.httpMethod ?? 'GET'),
	);
	const started = Date.now();
	try {
		const { status, answer, text } = await callWebhook(
			server,
			node,
			fixture?.webhookBody ?? DEFAULT_WEBHOOK_BODY,
		);
		ctx.notes.push(
			`webhook registered ${waited} ms after start was ready; answered ${status} ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`,
		);
		if (status >= 300) ctx.problems.push(`webhook answered HTTP ${status}`);
		if (fixture?.response) fixture.response(answer, ctx);
		else if (soraNodes(workflow).length > 0) checkWebhookAnswer(answer, ctx);
		if (refusesBadRequests(workflow)) await checkRefusal(server, node, ctx);
	} catch (error) {
		ctx.problems.push(`webhook call failed: ${(error as Error).message}`);
	}
	regular.run.report({
		cell: regular.cell.name,
		label: `${relative(repoRoot, file)} (webhook, n8n start)`,
		ok: ctx.problems.length === 0,
		ms: Date.now() - started,
		problems: ctx.problems,
		notes: ctx.notes,
	});
}
