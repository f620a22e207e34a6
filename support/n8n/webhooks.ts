// Workflows started by a webhook: a workflow whose Manual Trigger (or schedule) becomes a
// production webhook, finding that webhook, and calling it on the main. The e2e queue cells and the
// benchmark's queue-mode run start their executions this way.
import { randomUUID } from 'node:crypto';

import type { WorkflowJson, WorkflowNode } from './run-data';
import type { N8nServer } from './server';

const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
/** Triggers a webhook stands in for: a click, or a schedule (the pipeline's first part). */
const REPLACED_TRIGGER_TYPES = ['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger'];

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
