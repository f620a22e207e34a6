// Workflows started by a webhook: the example (or smoke fixture) that has one, or a downloading
// example whose Manual Trigger becomes one in queue mode; calling it, and what its answer must be.
import { randomUUID } from 'node:crypto';

import { createdIds, type CheckContext } from './checks';
import type { WorkflowJson, WorkflowNode } from '../../support/n8n/run-data';
import type { N8nServer } from '../../support/n8n/server';

const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
/** Triggers a webhook stands in for: a click, or a schedule (the pipeline's first part). */
const REPLACED_TRIGGER_TYPES = ['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger'];

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

export interface WebhookAnswer {
	status: number;
	answer: unknown;
	text: string;
}

/**
 * The same workflow started by a production webhook (POST <path>), answering with the last node's
 * first item (`lastNode`) or at once (`onReceived`).
 */
export function asWebhookWorkflow(
	workflow: WorkflowJson,
	path: string,
	responseMode: 'lastNode' | 'onReceived' = 'lastNode',
): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const index = copy.nodes.findIndex((node) => REPLACED_TRIGGER_TYPES.includes(node.type));
	if (index === -1) return copy;
	const trigger = copy.nodes[index]!;
	copy.nodes[index] = {
		id: trigger.id,
		name: trigger.name, // connections refer to it by name
		type: WEBHOOK_TYPE,
		typeVersion: 2,
		position: trigger.position,
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode,
			responseData: 'firstEntryJson',
			options: {},
		},
	};
	return copy;
}

export function webhookOf(workflow: WorkflowJson): WorkflowNode | undefined {
	return workflow.nodes.find((node) => node.type === WEBHOOK_TYPE && !node.disabled);
}

export function webhookPath(node: WorkflowNode): string {
	return String(node.parameters?.path ?? '');
}

export async function callWebhook(
	server: N8nServer,
	node: WorkflowNode,
	body: unknown,
): Promise<WebhookAnswer> {
	const method = String(node.parameters?.httpMethod ?? 'GET').toUpperCase();
	const response = await fetch(
		server.webhookUrl(String(node.parameters?.path ?? node.webhookId ?? '')),
		{
			method,
			headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
			body: method === 'GET' ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(10 * 60_000),
		},
	);
	const text = await response.text();
	let answer: unknown = text;
	try {
		answer = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: response.status, answer, text };
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
