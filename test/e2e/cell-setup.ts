/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// What every cell does around its workflows: a fresh instance with the package and the credential,
// the workflow files it runs, the check context of each, and the offline check at the end.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { Simulator } from '../../simulator';
import type { Cell, MatrixOptions } from './cells';
import {
	EXAMPLE_SERVERS,
	needsItsOwnServer,
	pointedAtSimulator,
} from '../../support/example-servers';
import { createdIds, CREDENTIAL_NAME, CREDENTIAL_TYPE, type CheckContext } from './checks';
import { attemptTarget, N8nInstance, type ImportedWorkflow } from '../../support/n8n/instance';
import type { WorkflowJson } from '../../support/n8n/run-data';
import type { Outcome } from './report';
import {
	queueModeEnvironment,
	type PostgresService,
	type Service,
} from '../../support/n8n/services';
import { ensureN8n } from '../../support/n8n/runtime';

export const repoRoot = join(__dirname, '..', '..');

/** What every cell of one matrix run shares. */
export interface MatrixRun {
	tarball: string;
	sim: Simulator;
	apiKey: string;
	options: MatrixOptions;
	services: { redis?: Service; postgres?: PostgresService };
	report(outcome: Outcome): void;
}

export function listJson(folder: string): string[] {
	if (!existsSync(folder)) return [];
	return readdirSync(folder)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => join(folder, name));
}

/**
 * The long-render examples run in cells of their own (trigger-cell.ts, loop-cell.ts): they start
 * with a schedule or a polling trigger, or park at a Wait, none of which `n8n execute` or a
 * webhook answer can show.
 */
export const OWN_CELL_EXAMPLES = [
	'pipeline-create.json',
	'pipeline-finished.json',
	'long-render-loop.json',
];

/**
 * The examples/ workflow files the regular and queue cells run, in name order: those for any
 * OpenAI Videos API server, or with a cell's `own` server those written for it
 * (support/example-servers.ts).
 */
export function exampleFiles(own?: Cell['own']): string[] {
	return listJson(join(repoRoot, 'examples')).filter((file) => {
		const name = basename(file);
		if (OWN_CELL_EXAMPLES.includes(name)) return false;
		return own ? EXAMPLE_SERVERS[name]?.profile === own.profile : !needsItsOwnServer(name);
	});
}

/** An examples/ file by name. */
export const exampleFile = (name: string) => join(repoRoot, 'examples', name);

export function readWorkflow(file: string): WorkflowJson {
	return JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
}

/** Whether `--only` lets a workflow file run. */
export function chosenByOnly(file: string, options: MatrixOptions): boolean {
	return options.only.length === 0 || options.only.some((part) => basename(file).includes(part));
}

export function checkContext(
	workflow: WorkflowJson,
	cell: Cell,
	run: MatrixRun,
	readBinary: CheckContext['readBinary'],
): CheckContext {
	return {
		workflow,
		sim: run.sim,
		binaryMode: cell.binaryMode,
		readBinary,
		problems: [],
		notes: [],
		jobsBefore: createdIds(run.sim),
	};
}

/**
 * Imports the credential every example references, pointed at the simulator (with the Server a
 * cell of its own names); returns its id.
 */
export async function importSoraCredential(
	instance: N8nInstance,
	apiKey: string,
	baseUrl: string,
	server?: string,
): Promise<string> {
	const [credentialId] = await instance.importCredentials([
		{
			name: CREDENTIAL_NAME,
			type: CREDENTIAL_TYPE,
			data: { apiKey, baseUrl, authHeader: 'bearer', ...(server ? { server } : {}) },
		},
	]);
	return credentialId!;
}

/**
 * Imports a workflow (file or JSON) with its credential references pointed at the Sora credential
 * and its requests to the default simulator address at `simulatorUrl` (the simulator it runs on).
 */
export function importWithCredential(
	instance: N8nInstance,
	source: string | WorkflowJson,
	credentialId: string,
	simulatorUrl: string,
): Promise<ImportedWorkflow> {
	const workflow = pointedAtSimulator(
		typeof source === 'string' ? readWorkflow(source) : source,
		simulatorUrl,
	);
	return instance.importWorkflow(workflow, { credentialIds: { [CREDENTIAL_NAME]: credentialId } });
}

/** A queue-mode cell's environment: its own PostgreSQL database and Redis key prefix. */
export function queueEnvironment(cell: Cell, run: MatrixRun): Record<string, string> {
	const { redis, postgres } = run.services;
	if (!redis || !postgres) throw new Error('queue mode needs Redis and PostgreSQL');
	return queueModeEnvironment(redis, postgres, cell.name);
}

/** A fresh instance with the package and the credential installed. */
export async function prepareInstance(
	cell: Cell,
	run: MatrixRun,
	env: Record<string, string>,
): Promise<{ instance: N8nInstance; credentialId: string }> {
	const runtime = await ensureN8n(cell.n8nVersion);
	const instance = N8nInstance.create(runtime, {
		keep: run.options.keep,
		env: { N8N_DEFAULT_BINARY_DATA_MODE: cell.binaryMode, ...env },
		log: (line) => console.log(`  [${cell.name}] ${line}`),
	});
	console.log(
		`  n8n ${runtime.n8nVersion}, user folder ${instance.userFolder}; binary data in ${instance.binaryStoreName()}`,
	);
	const installed = await instance.installPackage(run.tarball);
	if (!installed.credentialTypes.includes(CREDENTIAL_TYPE))
		throw new Error(`the node does not use credential type ${CREDENTIAL_TYPE}`);
	console.log(
		`  installed ${installed.name}@${installed.version}; node types ${installed.nodeTypes.join(', ')}`,
	);
	const credentialId = await importSoraCredential(
		instance,
		run.apiKey,
		run.sim.baseUrl,
		cell.own?.server ?? cell.served?.server,
	);
	return { instance, credentialId };
}

export function checkOffline(cell: Cell, instance: N8nInstance, run: MatrixRun): void {
	const outbound = instance.outboundAttempts();
	const problems = outbound
		.slice(0, 10)
		.map((attempt) => `${attemptTarget(attempt)}  ${attempt.stack}`);
	run.report({
		cell: cell.name,
		label: 'n8n stayed offline (no non-loopback host contacted)',
		ok: outbound.length === 0,
		ms: 0,
		problems,
		notes: [],
	});
}
