/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// Workflow JSON as n8n exports it (the files in examples/ and bench/), read for the engine harness.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IConnections, IDataObject } from 'n8n-workflow';

/** The repository's root, against which relative paths are read. */
export const ROOT = join(__dirname, '..', '..');

export interface WorkflowNodeJson {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: IDataObject;
	credentials?: Record<string, { id: string | null; name: string }>;
	disabled?: boolean;
	webhookId?: string;
	[key: string]: unknown;
}

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: WorkflowNodeJson[];
	connections: IConnections;
	settings?: IDataObject;
	pinData?: IDataObject;
	staticData?: IDataObject;
	[key: string]: unknown;
}

/** A workflow file (a path, absolute or relative to the repository) or its parsed JSON. */
export function readWorkflow(source: string | WorkflowJson): WorkflowJson {
	if (typeof source !== 'string') return JSON.parse(JSON.stringify(source)) as WorkflowJson;
	const path = source.startsWith('/') ? source : join(ROOT, source);
	return JSON.parse(readFileSync(path, 'utf8')) as WorkflowJson;
}
