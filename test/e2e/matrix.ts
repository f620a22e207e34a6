// `npm run test:e2e`: the packed package in real n8n, over a matrix of n8n versions, execution
// modes and binary data modes (docs/e2e.md). Each cell gets a fresh n8n user folder (and, in
// queue mode, its own PostgreSQL database and Redis key prefix), installs the tarball the way n8n
// installs community packages, runs the examples that download against one shared simulator and
// checks every stored file byte for byte where that cell stores binaries.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';

import { startSimulator, type Simulator } from '../../simulator';
import {
	checkNodeStatuses,
	checkSoraOutputs,
	createdIds,
	CREDENTIAL_NAME,
	CREDENTIAL_TYPE,
	downloads,
	soraNodes,
	type BinaryMode,
	type CheckContext,
} from './checks';
import {
	N8nInstance,
	nodeItems,
	type N8nRun,
	type N8nServer,
	type WorkflowJson,
	type WorkflowNode,
} from './n8n-instance';
import { ensureN8n, N8N_1X_VERSION, N8N_VERSION } from '../../support/n8n-runtime';
import { missingServices, startPostgres, startRedis, type Service } from './services';
import { buildAndPack } from '../../support/pack';

const root = join(__dirname, '..', '..');
const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
/** Concurrent webhook calls of text-to-video in a queue-mode cell. */
const QUEUE_BURST = 5;
const QUEUE_WORKERS = 2;

export interface Cell {
	name: string;
	n8nVersion: string;
	executionMode: 'regular' | 'queue';
	binaryMode: BinaryMode;
	/** Also run the smoke fixtures, the webhook example and the credential test (n8n start). */
	full: boolean;
}

export const CELLS: Cell[] = [
	{
		name: `${N8N_VERSION}-regular-filesystem`,
		n8nVersion: N8N_VERSION,
		executionMode: 'regular',
		binaryMode: 'filesystem',
		full: true,
	},
	{
		name: `${N8N_VERSION}-regular-database`,
		n8nVersion: N8N_VERSION,
		executionMode: 'regular',
		binaryMode: 'database',
		full: false,
	},
	{
		name: `${N8N_VERSION}-regular-default`,
		n8nVersion: N8N_VERSION,
		executionMode: 'regular',
		binaryMode: 'default',
		full: false,
	},
	{
		name: `${N8N_VERSION}-queue-database`,
		n8nVersion: N8N_VERSION,
		executionMode: 'queue',
		binaryMode: 'database',
		full: false,
	},
	{
		name: `${N8N_VERSION}-queue-filesystem`,
		n8nVersion: N8N_VERSION,
		executionMode: 'queue',
		binaryMode: 'filesystem',
		full: false,
	},
	{
		name: `${N8N_1X_VERSION}-regular-default`,
		n8nVersion: N8N_1X_VERSION,
		executionMode: 'regular',
		binaryMode: 'default',
		full: true,
	},
];

export interface MatrixOptions {
	/** Run only cells whose name contains one of these (all when empty). */
	cells: string[];
	/** Run only workflows whose file name contains one of these (all when empty). */
	only: string[];
	/** More workflow files to run in the regular cells. */
	extraWorkflows: string[];
	keep: boolean;
	renderMs: number;
}

interface Outcome {
	cell: string;
	label: string;
	ok: boolean;
	ms: number;
	problems: string[];
	notes: string[];
}

interface Shared {
	tarball: string;
	sim: Simulator;
	apiKey: string;
	options: MatrixOptions;
	services: { redis?: Service; postgres?: Awaited<ReturnType<typeof startPostgres>> };
	report(outcome: Outcome): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function listJson(folder: string): string[] {
	if (!existsSync(folder)) return [];
	return readdirSync(folder)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => join(folder, name));
}

function readWorkflow(file: string): WorkflowJson {
	return JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
}

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
const DEFAULT_WEBHOOK_BODY = {
	prompt: 'A paper boat drifting down a rain-soaked street at dusk, cinematic',
};

/** The same workflow started by a production webhook (POST <path>, answering with the last node's first item). */
function asWebhookWorkflow(workflow: WorkflowJson, path: string): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const index = copy.nodes.findIndex((node) => node.type === MANUAL_TRIGGER_TYPE);
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
			responseMode: 'lastNode',
			responseData: 'firstEntryJson',
			options: {},
		},
	};
	return copy;
}

function webhookOf(workflow: WorkflowJson): WorkflowNode | undefined {
	return workflow.nodes.find((node) => node.type === WEBHOOK_TYPE && !node.disabled);
}

async function callWebhook(
	server: N8nServer,
	node: WorkflowNode,
	body: unknown,
): Promise<{ status: number; answer: unknown; text: string }> {
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

// ---------------------------------------------------------------------------------------------
// The main's REST API as the instance owner

export interface OwnerSession {
	/** The session cookie and the browser id n8n tied it to (a browser sends it as `browser-id`, from localStorage `n8n-browserId`). */
	cookie: string;
	browserId: string;
	get(path: string): Promise<Response>;
	post(path: string, body: unknown): Promise<Response>;
}

/** Sets up the instance owner (POST /rest/owner/setup) and returns a signed-in session. */
export async function ownerSession(server: N8nServer): Promise<OwnerSession> {
	// n8n ties its session cookie to the browser-id header it was issued with.
	const browserId = 'sora-videos-e2e';
	const headers = { 'content-type': 'application/json', 'browser-id': browserId };
	const setup = await fetch(`${server.baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers,
		body: JSON.stringify({
			email: 'owner@example.com',
			firstName: 'E2E',
			lastName: 'Owner',
			password: `E2e-${randomBytes(6).toString('hex')}-pass1`,
		}),
	});
	const cookie = setup.headers
		.getSetCookie()
		.map((line) => line.split(';')[0])
		.join('; ');
	if (!setup.ok || !cookie)
		throw new Error(
			`owner setup answered HTTP ${setup.status}: ${(await setup.text()).slice(0, 300)}`,
		);
	return {
		cookie,
		browserId,
		get: (path) => fetch(`${server.baseUrl}${path}`, { headers: { ...headers, cookie } }),
		post: (path, body) =>
			fetch(`${server.baseUrl}${path}`, {
				method: 'POST',
				headers: { ...headers, cookie },
				body: JSON.stringify(body),
			}),
	};
}

/**
 * The credential's test as the editor runs it on the saved credential: it reads the credential
 * (GET /rest/credentials/<id>?includeData=true, the key redacted) and posts its id with the form's
 * data to POST /rest/credentials/test; n8n puts the saved key back where the form still holds the
 * redacted value. (n8n 1.x answers 403 for a credential id the user cannot read, an empty one
 * included; 2.x accepts an empty id only for an owner's instance credential.) The saved key
 * passes; a typed-in wrong key and a Base URL without /v1 fail with the credential's own messages,
 * and neither n8n's answers nor its log repeat a key.
 */
async function checkCredentialTest(
	cell: Cell,
	server: N8nServer,
	session: OwnerSession,
	sim: Simulator,
	apiKey: string,
	credentialId: string,
): Promise<Outcome> {
	const started = Date.now();
	const problems: string[] = [];
	const notes: string[] = [];
	const read = await session.get(`/rest/credentials/${credentialId}?includeData=true`);
	const readText = await read.text();
	const label = 'credential test (POST /rest/credentials/test)';
	if (!read.ok) {
		problems.push(
			`GET /rest/credentials/${credentialId} answered HTTP ${read.status}: ${readText.replaceAll(apiKey, '[key]').slice(0, 300)}`,
		);
		return { cell: cell.name, label, ok: false, ms: Date.now() - started, problems, notes };
	}
	const saved = (
		JSON.parse(readText) as {
			data: { id: string; name: string; type: string; data: Record<string, unknown> };
		}
	).data;
	if (readText.includes(apiKey))
		problems.push("n8n's answer to the editor's read of the credential holds the key");
	notes.push(
		`the editor's read of the saved credential holds apiKey ${JSON.stringify(String(saved.data.apiKey).replaceAll(apiKey, '[key]'))}`,
	);
	const testWith = async (changes: { apiKey?: string; baseUrl?: string }) => {
		const response = await session.post('/rest/credentials/test', {
			credentials: {
				id: saved.id,
				name: saved.name,
				type: saved.type,
				data: { ...saved.data, ...changes },
			},
		});
		const text = await response.text();
		let result: { status?: string; message?: string } | undefined;
		try {
			result = (JSON.parse(text) as { data?: { status?: string; message?: string } }).data;
		} catch {
			result = undefined;
		}
		return { httpStatus: response.status, text, result };
	};
	const probesBefore = sim.count('GET /models');
	const right = await testWith({});
	notes.push(
		`saved key (form unchanged) → HTTP ${right.httpStatus} ${right.text.replaceAll(apiKey, '[key]')}`,
	);
	if (right.result?.status !== 'OK') problems.push('the right key did not pass the test');
	const wrongKey = `sk-e2e-WRONG-${randomBytes(8).toString('hex')}`;
	const wrong = await testWith({ apiKey: wrongKey });
	notes.push(
		`wrong key → HTTP ${wrong.httpStatus} ${wrong.text.replaceAll(wrongKey, '[the wrong key]')}`,
	);
	// n8n 1.x's credential tester reads a rule's status from the error's cause.response, which its
	// own HTTP helper does not leave there, so it shows its generic 401 and 404 texts instead of the
	// credential's messages (docs/e2e.md). The test still fails, and still leaks no key.
	const own = !cell.n8nVersion.startsWith('1.');
	const expected401 = own
		? /refused the API key \(HTTP 401\)/
		: /Authorization failed - please check your credentials/;
	const expected404 = own ? /should end with the API root/ : /could not be found/;
	if (wrong.result?.status !== 'Error' || !expected401.test(wrong.result.message ?? ''))
		problems.push(
			`the wrong key did not fail with ${own ? "the credential's" : "n8n's generic"} 401 message`,
		);
	const noV1 = await testWith({ baseUrl: sim.baseUrl.replace(/\/v1$/, '') });
	notes.push(
		`Base URL without /v1 → HTTP ${noV1.httpStatus} ${noV1.text.replaceAll(apiKey, '[key]')}`,
	);
	if (noV1.result?.status !== 'Error' || !expected404.test(noV1.result.message ?? ''))
		problems.push(
			`a Base URL without /v1 did not fail with ${own ? "the credential's" : "n8n's generic"} 404 message`,
		);
	if (wrong.text.includes(wrongKey) || right.text.includes(apiKey) || noV1.text.includes(apiKey))
		problems.push("n8n's answer repeats the key");
	if (server.output().includes(wrongKey) || server.output().includes(apiKey))
		problems.push("n8n's log repeats a key");
	const probes = sim.count('GET /models') - probesBefore;
	notes.push(`the simulator saw ${probes} GET /models`);
	if (probes < 2) problems.push('the tests did not reach the simulator');
	return {
		cell: cell.name,
		label,
		ok: problems.length === 0,
		ms: Date.now() - started,
		problems,
		notes,
	};
}

// ---------------------------------------------------------------------------------------------
// Cells

function context(
	workflow: WorkflowJson,
	cell: Cell,
	shared: Shared,
	readBinary: CheckContext['readBinary'],
): CheckContext {
	return {
		workflow,
		sim: shared.sim,
		binaryMode: cell.binaryMode,
		readBinary,
		problems: [],
		notes: [],
		jobsBefore: createdIds(shared.sim),
	};
}

/** A fresh instance with the package and the credential installed. */
async function prepareInstance(
	cell: Cell,
	shared: Shared,
	env: Record<string, string>,
): Promise<{ instance: N8nInstance; credentialId: string }> {
	const runtime = await ensureN8n(cell.n8nVersion);
	const instance = N8nInstance.create(runtime, {
		keep: shared.options.keep,
		env: { N8N_DEFAULT_BINARY_DATA_MODE: cell.binaryMode, ...env },
		log: (line) => console.log(`  [${cell.name}] ${line}`),
	});
	console.log(
		`  n8n ${runtime.n8nVersion}, user folder ${instance.userFolder}; binary data in ${instance.binaryStoreName()}`,
	);
	const installed = await instance.installPackage(shared.tarball);
	if (!installed.credentialTypes.includes(CREDENTIAL_TYPE))
		throw new Error(`the node does not use credential type ${CREDENTIAL_TYPE}`);
	console.log(
		`  installed ${installed.name}@${installed.version}; node types ${installed.nodeTypes.join(', ')}`,
	);
	const [credentialId] = await instance.importCredentials([
		{
			name: CREDENTIAL_NAME,
			type: CREDENTIAL_TYPE,
			data: { apiKey: shared.apiKey, baseUrl: shared.sim.baseUrl, authHeader: 'bearer' },
		},
	]);
	return { instance, credentialId: credentialId! };
}

function checkOffline(cell: Cell, instance: N8nInstance, shared: Shared): void {
	const outbound = instance.outboundAttempts();
	const problems = outbound
		.slice(0, 10)
		.map(
			(attempt) =>
				`${attempt.kind} ${attempt.host}${attempt.port ? `:${attempt.port}` : ''}  ${attempt.stack}`,
		);
	shared.report({
		cell: cell.name,
		label: 'n8n stayed offline (no non-loopback host contacted)',
		ok: outbound.length === 0,
		ms: 0,
		problems,
		notes: [],
	});
}

/** Regular mode: every workflow through `n8n execute`, webhook workflows through `n8n start`. */
async function runRegularCell(cell: Cell, shared: Shared): Promise<void> {
	const { instance, credentialId } = await prepareInstance(cell, shared, {});
	try {
		const examples = listJson(join(root, 'examples')).filter(
			(file) => cell.full || downloads(readWorkflow(file)),
		);
		const fixtures = cell.full ? listJson(join(root, 'test', 'e2e', 'fixtures')) : [];
		const files = [...fixtures, ...examples, ...shared.options.extraWorkflows].filter(
			(file) =>
				shared.options.only.length === 0 ||
				shared.options.only.some((part) => basename(file).includes(part)),
		);
		const readBinary = async (binary: Parameters<CheckContext['readBinary']>[0]) =>
			instance.readBinary(binary);
		const webhookRuns: Array<{ file: string; workflow: WorkflowJson; node: WorkflowNode }> = [];
		for (const file of files) {
			const imported = await instance.importWorkflow(file, {
				credentialIds: { [CREDENTIAL_NAME]: credentialId },
			});
			const webhook = webhookOf(imported.workflow);
			if (webhook) {
				webhookRuns.push({ file, workflow: imported.workflow, node: webhook });
				continue;
			}
			const ctx = context(imported.workflow, cell, shared, readBinary);
			const result = await instance.execute(imported.id, { timeoutMs: 10 * 60_000 });
			if (result.problem) ctx.problems.push(result.problem);
			if (result.run) {
				checkNodeStatuses(result.run, ctx);
				await checkSoraOutputs(result.run, ctx);
				fixtureChecks[basename(file)]?.run?.(result.run, result.stdout, ctx);
			} else {
				ctx.notes.push(
					`output tail:\n${`${result.stdout}\n${result.stderr}`.trimEnd().split('\n').slice(-25).join('\n')}`,
				);
			}
			shared.report({
				cell: cell.name,
				label: `${relative(root, file)} (n8n execute)`,
				ok: ctx.problems.length === 0,
				ms: result.ms,
				problems: ctx.problems,
				notes: ctx.notes,
			});
		}
		if (webhookRuns.length > 0 || cell.full) {
			for (const { workflow } of webhookRuns) await instance.publishWorkflow(workflow.id!);
			const server = await instance.startServer();
			try {
				for (const { file, workflow, node } of webhookRuns) {
					const ctx = context(workflow, cell, shared, readBinary);
					const fixture = fixtureChecks[basename(file)];
					const waited = await server.waitForWebhook(
						String(node.parameters?.path ?? ''),
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
					} catch (error) {
						ctx.problems.push(`webhook call failed: ${(error as Error).message}`);
					}
					shared.report({
						cell: cell.name,
						label: `${relative(root, file)} (webhook, n8n start)`,
						ok: ctx.problems.length === 0,
						ms: Date.now() - started,
						problems: ctx.problems,
						notes: ctx.notes,
					});
				}
				if (cell.full)
					shared.report(
						await checkCredentialTest(
							cell,
							server,
							await ownerSession(server),
							shared.sim,
							shared.apiKey,
							credentialId,
						),
					);
			} finally {
				await server.stop();
			}
		}
		checkOffline(cell, instance, shared);
	} finally {
		await instance.dispose();
	}
}

/** A webhook that answers with a job: one this call created, completed. */
function checkWebhookAnswer(answer: unknown, ctx: CheckContext): string | undefined {
	const first = (Array.isArray(answer) ? answer[0] : answer) as Record<string, unknown> | undefined;
	if (!first || typeof first !== 'object') {
		ctx.problems.push('webhook answer is not a JSON object');
		return undefined;
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
	return id;
}

interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
}

/** An execution as the main stores it, with its run data (n8n keeps it `flatted`-encoded). */
async function fetchExecution(
	session: OwnerSession,
	instance: N8nInstance,
	id: string,
): Promise<{ status: string; run: N8nRun }> {
	const response = await session.get(`/rest/executions/${id}`);
	if (!response.ok) throw new Error(`GET /rest/executions/${id} answered HTTP ${response.status}`);
	const execution = ((await response.json()) as { data: { status: string; data: string } }).data;
	const flatted = instance.requireFromN8n<{ parse(text: string): N8nRun['data'] }>('flatted');
	return { status: execution.status, run: { data: flatted.parse(execution.data) } };
}

async function listExecutions(session: OwnerSession): Promise<ExecutionSummary[]> {
	const response = await session.get(
		`/rest/executions?limit=200&filter=${encodeURIComponent('{}')}`,
	);
	if (!response.ok) throw new Error(`GET /rest/executions answered HTTP ${response.status}`);
	return ((await response.json()) as { data: { results: ExecutionSummary[] } }).data.results;
}

/**
 * Queue mode: Redis, PostgreSQL, a main (`n8n start`) and two workers (`n8n worker`). Every
 * example that downloads is started through its active workflow's production webhook, so the
 * executions run on the workers; text-to-video QUEUE_BURST times at once. Every stored file is
 * then fetched from the main's REST API as the owner and compared with what the simulator served.
 */
async function runQueueCell(cell: Cell, shared: Shared): Promise<void> {
	const { redis, postgres } = shared.services;
	if (!redis || !postgres) throw new Error('queue mode needs Redis and PostgreSQL');
	const database = `n8n_${cell.name.replace(/[^a-z0-9]/gi, '_')}`;
	const { instance, credentialId } = await prepareInstance(cell, shared, {
		...postgres.createDatabase(database),
		...redis.env,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_PREFIX: database,
	});
	const processes: N8nServer[] = [];
	try {
		const files = listJson(join(root, 'examples')).filter(
			(file) => downloads(readWorkflow(file)) || webhookOf(readWorkflow(file)),
		);
		const chosen = files.filter(
			(file) =>
				shared.options.only.length === 0 ||
				shared.options.only.some((part) => basename(file).includes(part)),
		);
		const workflows: Array<{ file: string; workflow: WorkflowJson; node: WorkflowNode }> = [];
		for (const file of chosen) {
			const source = readWorkflow(file);
			const webhookVersion = webhookOf(source)
				? source
				: asWebhookWorkflow(source, `${basename(file, '.json')}-${randomBytes(4).toString('hex')}`);
			const imported = await instance.importWorkflow(webhookVersion, {
				credentialIds: { [CREDENTIAL_NAME]: credentialId },
			});
			await instance.publishWorkflow(imported.id);
			workflows.push({ file, workflow: imported.workflow, node: webhookOf(imported.workflow)! });
		}
		const main = await instance.startServer();
		processes.push(main);
		for (let index = 0; index < QUEUE_WORKERS; index++)
			processes.push(await instance.startWorker());
		const workers = processes.slice(1);
		for (const { node } of workflows)
			await main.waitForWebhook(String(node.parameters?.path ?? ''), 'POST');
		const session = await ownerSession(main);

		// Bytes as the main serves them to its owner (GET /rest/binary-data), whatever the mode.
		const readBinary: CheckContext['readBinary'] = async (binary) => {
			if (!binary.id)
				return typeof binary.data === 'string' ? Buffer.from(binary.data, 'base64') : undefined;
			const response = await session.get(
				`/rest/binary-data?id=${encodeURIComponent(binary.id)}&action=download`,
			);
			return response.ok ? Buffer.from(await response.arrayBuffer()) : undefined;
		};

		const rounds = [
			workflows
				.filter(({ file }) => basename(file) === 'text-to-video.json')
				.flatMap((entry) => Array.from({ length: QUEUE_BURST }, () => entry)),
			workflows.filter(({ file }) => basename(file) !== 'text-to-video.json'),
		];
		const seen = new Set<string>();
		for (const round of rounds.filter((calls) => calls.length > 0)) {
			const createsBefore = shared.sim.count('POST /videos');
			const jobsBefore = createdIds(shared.sim);
			const started = Date.now();
			const answers = await Promise.all(
				round.map(({ node }) =>
					callWebhook(main, node, DEFAULT_WEBHOOK_BODY).catch((error: Error) => ({
						status: 0,
						answer: undefined,
						text: error.message,
					})),
				),
			);
			const ms = Date.now() - started;
			const creates = shared.sim.count('POST /videos') - createsBefore;
			const label =
				round.length > 1 && round.every((entry) => entry === round[0])
					? `${round.length} × ${relative(root, round[0]!.file)} at once`
					: round.map(({ file }) => relative(root, file)).join(', ') + ' at once';
			const roundCtx = { ...context(round[0]!.workflow, cell, shared, readBinary), jobsBefore };
			answers.forEach(({ status, answer, text }, index) => {
				if (status !== 200)
					roundCtx.problems.push(
						`call ${index}: webhook answered ${status || 'nothing'}: ${text.slice(0, 300)}`,
					);
				else if (basename(round[index]!.file) === 'text-to-video.json')
					checkWebhookAnswer(answer, roundCtx);
			});
			const burst = round.every((entry) => basename(entry.file) === 'text-to-video.json');
			if (burst && creates !== round.length)
				roundCtx.problems.push(
					`${round.length} call(s) made ${creates} POST /v1/videos (expected exactly one each)`,
				);
			roundCtx.notes.push(
				`${round.length} call(s), ${creates} POST /v1/videos in the simulator's log`,
			);
			shared.report({
				cell: cell.name,
				label: `webhooks: ${label}`,
				ok: roundCtx.problems.length === 0,
				ms,
				problems: roundCtx.problems,
				notes: roundCtx.notes,
			});

			// Each execution of this round, as the main stores it, checked like a regular run.
			const executions = (await listExecutions(session)).filter(
				(execution) => !seen.has(execution.id),
			);
			for (const execution of executions) seen.add(execution.id);
			for (const { file, workflow } of unique(round)) {
				const mine = executions.filter((execution) => execution.workflowId === workflow.id);
				const expected = round.filter((entry) => entry.workflow === workflow).length;
				const ctx = { ...context(workflow, cell, shared, readBinary), jobsBefore };
				if (mine.length !== expected)
					ctx.problems.push(
						`the main lists ${mine.length} execution(s) of this workflow, expected ${expected}`,
					);
				const perWorker = workers.map(
					(worker) =>
						mine.filter((execution) =>
							worker.output().includes(`Worker started execution ${execution.id} `),
						).length,
				);
				const onWorkers = perWorker.reduce((sum, count) => sum + count, 0);
				ctx.notes.push(
					`executions ${mine.map((execution) => execution.id).join(', ')}; run by the workers ${perWorker.join(' + ')}`,
				);
				if (onWorkers !== mine.length)
					ctx.problems.push(`${mine.length - onWorkers} execution(s) did not run on a worker`);
				for (const summary of mine) {
					const { status, run } = await fetchExecution(session, instance, summary.id);
					if (status !== 'success') ctx.problems.push(`execution ${summary.id}: status ${status}`);
					checkNodeStatuses(run, ctx);
					await checkSoraOutputs(run, ctx);
				}
				shared.report({
					cell: cell.name,
					label: `${relative(root, file)}: executions on the workers, files from the main`,
					ok: ctx.problems.length === 0,
					ms: 0,
					problems: ctx.problems,
					notes: ctx.notes,
				});
			}
		}
		checkOffline(cell, instance, shared);
	} finally {
		for (const child of processes.reverse()) await child.stop();
		await instance.dispose();
	}
}

function unique<T extends { workflow: WorkflowJson }>(entries: T[]): T[] {
	return entries.filter(
		(entry, index) => entries.findIndex((other) => other.workflow === entry.workflow) === index,
	);
}

// ---------------------------------------------------------------------------------------------

/** Runs the chosen cells; returns the process exit code. */
export async function runMatrix(options: MatrixOptions): Promise<number> {
	const startedAt = Date.now();
	const cells = CELLS.filter(
		(cell) => options.cells.length === 0 || options.cells.some((part) => cell.name.includes(part)),
	);
	if (cells.length === 0) {
		console.error(
			`no cell matches ${options.cells.join(', ')}; cells: ${CELLS.map((cell) => cell.name).join(', ')}`,
		);
		return 2;
	}
	const outcomes: Outcome[] = [];
	const cellTimes = new Map<string, number>();
	const cellErrors = new Map<string, string>();
	const report = (outcome: Outcome) => {
		outcomes.push(outcome);
		console.log(
			`${outcome.ok ? 'PASS' : 'FAIL'}  [${outcome.cell}] ${outcome.label}${outcome.ms ? `  (${seconds(outcome.ms)})` : ''}`,
		);
		for (const note of outcome.notes) console.log(`        · ${note}`);
		for (const problem of outcome.problems) console.log(`        ✗ ${problem}`);
	};

	console.log('\n▶ build and pack');
	const workDir = mkdtempSync(join(tmpdir(), 'sora-e2e-pack-'));
	process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
	const { tarball, files } = buildAndPack(workDir);
	console.log(`packed ${basename(tarball)}: ${files.length} files`);

	// Installs first, one at a time (two cores): each cell then starts at once.
	for (const version of [...new Set(cells.map((cell) => cell.n8nVersion))]) {
		const started = Date.now();
		console.log(`\n▶ n8n ${version} (installed on first use, then cached)`);
		try {
			await ensureN8n(version);
		} catch (error) {
			for (const cell of cells.filter((candidate) => candidate.n8nVersion === version))
				cellErrors.set(cell.name, `n8n ${version} does not install: ${(error as Error).message}`);
		}
		cellTimes.set(`install ${version}`, Date.now() - started);
	}

	const apiKey = `sk-e2e-${randomBytes(12).toString('hex')}`;
	const sim = await startSimulator({
		port: 0,
		apiKey,
		renderMs: options.renderMs,
		validateRequests: true,
		validateResponses: true,
	});
	console.log(`simulator ${sim.baseUrl} (render ${options.renderMs} ms)`);
	const services: Shared['services'] = {};
	try {
		if (cells.some((cell) => cell.executionMode === 'queue')) {
			const missing = missingServices();
			if (missing) throw new Error(`queue-mode cells: ${missing}`);
			services.redis = await startRedis();
			services.postgres = await startPostgres();
		}
		const shared: Shared = { tarball, sim, apiKey, options, services, report };
		for (const cell of cells) {
			if (cellErrors.has(cell.name)) continue;
			console.log(
				`\n▶ cell ${cell.name}: n8n ${cell.n8nVersion}, ${cell.executionMode} mode, binary data mode ${cell.binaryMode}`,
			);
			const started = Date.now();
			try {
				await (cell.executionMode === 'queue'
					? runQueueCell(cell, shared)
					: runRegularCell(cell, shared));
			} catch (error) {
				cellErrors.set(cell.name, (error as Error).message);
				console.log(`FAIL  [${cell.name}] ${(error as Error).message}`);
			}
			cellTimes.set(cell.name, Date.now() - started);
		}
		const violations = sim.schemaViolations();
		if (violations.length > 0)
			console.log(
				`\nsimulator: ${violations.length} response schema violation(s): ${violations.slice(0, 5).join('; ')}`,
			);
	} finally {
		await services.postgres?.stop();
		await services.redis?.stop();
		await sim.stop();
	}

	console.log('\nMatrix');
	let failures = 0;
	for (const cell of cells) {
		const mine = outcomes.filter((outcome) => outcome.cell === cell.name);
		const passed = mine.filter((outcome) => outcome.ok).length;
		const error = cellErrors.get(cell.name);
		const ok = !error && mine.length > 0 && passed === mine.length;
		if (!ok) failures++;
		console.log(
			`  ${ok ? 'PASS' : 'FAIL'}  ${cell.name.padEnd(28)} ${passed}/${mine.length} checks  ${seconds(cellTimes.get(cell.name) ?? 0).padStart(8)}${error ? `  ✗ ${error.split('\n')[0]}` : ''}`,
		);
	}
	for (const [label, ms] of cellTimes)
		if (label.startsWith('install ')) console.log(`  ${label}: ${seconds(ms)}`);
	console.log(`  total ${seconds(Date.now() - startedAt)}`);
	return failures === 0 ? 0 : 1;
}
