// What a webhook call of a Sora Videos workflow must answer (the calls themselves are in
// support/n8n/webhooks.ts).
import { createdIds, type CheckContext } from './checks';
import type { WorkflowJson, WorkflowNode } from '../../support/n8n/run-data';
import type { N8nServer } from '../../support/n8n/server';
import { callWebhook } from '../../support/n8n/webhooks';

/** What a webhook call of a Sora Videos workflow sends (smoke fixtures send their own). */
export const DEFAULT_WEBHOOK_BODY = {
	prompt: 'A paper boat drifting down a rain-soaked street at dusk, cinematic',
};

/** A workflow, as imported, with the webhook node that starts it. */
export interface WebhookWorkflow {
	file: string;
	workflow: WorkflowJson;
	node: WorkflowNode;
}

/** A webhook that answers with a job: one this call created, completed. */
export function checkWebhookAnswer(answer: unknown, ctx: CheckContext): void {
	const first = (Array.isArray(answer) ? answer[0] : answer) as Record<string, unknown> | undefined;
	if (!first || typeof first !== 'object') {
		ctx.problems.push('webhook answer is not a JSON object');
		return;
	}
	const id = typeof first.id === 'string' ? first.id : undefined;
	if (!id) ctx.problems.push('webhook answer has no id');
	else if (!createdIds(ctx.sim).has(id) || ctx.jobsBefore.has(id))
		ctx.problems.push(
			`webhook answer id ${id} is not a job the simulator created during this call`,
		);
	if (first.status !== 'completed')
		ctx.problems.push(
			`webhook answer status ${JSON.stringify(first.status)}, expected "completed"`,
		);
}

/** A workflow that answers HTTP 400 somewhere (the webhook example, for a body without a prompt). */
export function refusesBadRequests(workflow: WorkflowJson): boolean {
	return workflow.nodes.some(
		(node) =>
			node.type === 'n8n-nodes-base.respondToWebhook' &&
			(node.parameters?.options as { responseCode?: number } | undefined)?.responseCode === 400,
	);
}

/** A call without a prompt is answered 400 with the reason, and starts no job. */
export async function checkRefusal(
	server: N8nServer,
	node: WorkflowNode,
	ctx: CheckContext,
): Promise<void> {
	const before = createdIds(ctx.sim).size;
	const { status, text } = await callWebhook(server, node, { text: 'a prompt misnamed' });
	ctx.notes.push(`without a prompt: answered ${status} ${text}`);
	if (status !== 400 || !text.includes('prompt'))
		ctx.problems.push(`a body without a prompt was answered ${status} ${text}, not 400 naming it`);
	if (createdIds(ctx.sim).size !== before) ctx.problems.push('a body without a prompt made a job');
}
