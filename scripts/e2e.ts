// `npm run test:e2e`: the package in a real n8n. Builds and packs this package, installs a pinned
// n8n under Node 24 (cached, see scripts/lib/n8n-runtime.ts), installs the tarball the way n8n
// installs community packages, starts the simulator, imports a credential and every workflow in
// examples/ (plus the smoke fixtures in test/e2e/fixtures/), runs each with n8n's CLI (webhook
// workflows through `n8n start`) and checks the outputs against the simulator. Prints PASS/FAIL
// per workflow and timings; exits non-zero on any failure.
//
//   npm run test:e2e                        everything
//   npm run test:e2e -- --only batch        workflows whose file name contains "batch"
//   npm run test:e2e -- --keep              keep the n8n user folder (or SORA_E2E_KEEP=1)
//   npm run test:e2e -- --workflow a.json   also run this workflow file (repeatable)
//   SORA_E2E_RENDER_MS=3000                 simulator render time (default 2000)
//   SORA_N8N_CACHE=/path                    where n8n is installed (default ~/.cache/n8n-nodes-sora-videos/n8n-<version>)
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';

import { startSimulator, type ContentVariant, type Simulator } from '../simulator';
import { ensureN8n } from './lib/n8n-runtime';
import { N8nInstance, nodeItems, type BinaryRef, type N8nRun, type N8nServer, type RunItem, type WorkflowJson, type WorkflowNode } from './lib/n8n-instance';

const root = join(__dirname, '..');
const PACKAGE_NAME = 'n8n-nodes-sora-videos';
const NODE_TYPE = `${PACKAGE_NAME}.soraVideos`;
const CREDENTIAL_TYPE = 'soraVideosApi';
const CREDENTIAL_NAME = 'Sora Videos account';
const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';

// ---------------------------------------------------------------------------------------------
// Arguments and output helpers

const argv = process.argv.slice(2);
const only: string[] = [];
const extraWorkflows: string[] = [];
let keep = process.env.SORA_E2E_KEEP === '1';
for (let i = 0; i < argv.length; i++) {
	const arg = argv[i]!;
	if (arg === '--only') only.push(argv[++i] ?? '');
	else if (arg.startsWith('--only=')) only.push(arg.slice(7));
	else if (arg === '--workflow') extraWorkflows.push(resolve(argv[++i] ?? ''));
	else if (arg.startsWith('--workflow=')) extraWorkflows.push(resolve(arg.slice(11)));
	else if (arg === '--keep') keep = true;
	else if (arg === '--help' || arg === '-h') {
		console.log(readFileSync(__filename, 'utf8').split('\n').filter((line) => line.startsWith('//')).map((line) => line.slice(3)).join('\n'));
		process.exit(0);
	} else {
		console.error(`unknown argument ${arg} (try --help)`);
		process.exit(2);
	}
}
const renderMs = Number(process.env.SORA_E2E_RENDER_MS ?? 2000);

const startedAt = Date.now();
const timings: Array<[string, number]> = [];
async function phase<T>(label: string, work: () => Promise<T> | T): Promise<T> {
	const started = Date.now();
	console.log(`\n▶ ${label}`);
	try {
		return await work();
	} finally {
		timings.push([label, Date.now() - started]);
	}
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// Workflow files and their checks

interface Outcome {
	file: string;
	name: string;
	via: 'cli' | 'webhook' | 'rest';
	ok: boolean;
	ms: number;
	problems: string[];
	notes: string[];
}

interface CheckContext {
	file: string;
	workflow: WorkflowJson;
	instance: N8nInstance;
	sim: Simulator;
	problems: string[];
	notes: string[];
	/** Jobs the simulator had created before this workflow ran. */
	jobsBefore: Set<string>;
}

/** Extra, per-file checks for the smoke fixtures (n8n itself: CLI, Code node, task runner, webhooks). */
const fixtureChecks: Record<string, { run?: (run: N8nRun, stdout: string, ctx: CheckContext) => void; webhookBody?: unknown; response?: (body: unknown, ctx: CheckContext) => void }> = {
	'manual-code.json': {
		run(run, stdout, ctx) {
			const items = nodeItems(run, 'Code');
			const squares = items.map((item) => item.json.square);
			if (JSON.stringify(squares) !== '[0,1,4]') ctx.problems.push(`Code node output ${JSON.stringify(squares)}, expected [0,1,4]`);
			if (/Registered runner "JS Task Runner"/.test(stdout)) ctx.notes.push('Code node ran in the JS task runner (internal mode)');
			else ctx.notes.push('no "Registered runner" line: Code node ran without a task runner');
		},
	},
	'webhook-code.json': {
		webhookBody: { prompt: 'hello e2e' },
		response(body, ctx) {
			const expected = { echoed: 'hello e2e', length: 9, status: 'completed' };
			if (JSON.stringify(body) !== JSON.stringify(expected)) ctx.problems.push(`webhook answered ${JSON.stringify(body)}, expected ${JSON.stringify(expected)}`);
		},
	},
};

/** Body sent to webhook-triggered examples (by file name); default: a prompt. */
const webhookBodies: Record<string, unknown> = {};
const DEFAULT_WEBHOOK_BODY = { prompt: 'A paper boat drifting down a rain-soaked street at dusk, cinematic' };

function soraNodes(workflow: WorkflowJson): WorkflowNode[] {
	return workflow.nodes.filter((node) => node.type === NODE_TYPE && !node.disabled);
}

function variantOf(binary: BinaryRef): ContentVariant | undefined {
	const mime = String(binary.mimeType ?? '').toLowerCase();
	const extension = String(binary.fileExtension ?? binary.fileName?.split('.').pop() ?? '').toLowerCase();
	if (mime === 'video/mp4' || extension === 'mp4') return 'video';
	if (mime === 'image/webp' || extension === 'webp') return 'thumbnail';
	if (mime === 'image/jpeg' || extension === 'jpg' || extension === 'jpeg') return 'spritesheet';
	return undefined;
}

function sha256File(path: string): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const hash = createHash('sha256');
		createReadStream(path)
			.on('data', (chunk) => hash.update(chunk))
			.on('error', reject)
			.on('end', () => resolvePromise(hash.digest('hex')));
	});
}

function createdIds(sim: Simulator): Set<string> {
	return new Set(
		sim
			.log()
			.filter((entry) => entry.method === 'POST' && (entry.route === 'POST /videos' || entry.route === 'POST /videos/{id}/remix') && entry.status !== null && entry.status < 300 && entry.videoId)
			.map((entry) => entry.videoId!),
	);
}

/** The node's operations that output video objects. */
const VIDEO_OUTPUT_OPERATIONS = new Set(['create', 'remix', 'get', 'waitForCompletion', 'download']);

/**
 * Checks every item the Sora Videos nodes emitted: ids are jobs the simulator created, Wait for
 * Completion items are completed, and every binary is a file in n8n's filesystem store whose size
 * equals what the simulator served for that job and variant and whose sha256 is the simulator's.
 */
async function checkSoraOutputs(run: N8nRun, ctx: CheckContext): Promise<void> {
	const nodes = soraNodes(ctx.workflow);
	if (nodes.length === 0) return;
	const known = createdIds(ctx.sim);
	const contentLog = ctx.sim.log().filter((entry) => entry.route === 'GET /videos/{id}/content' && entry.status === 200);
	const counts: Record<string, number> = {};
	let expectedFiles = 0;
	for (const node of nodes) {
		const operation = String(node.parameters?.operation ?? 'create');
		const runs = run.data.resultData.runData[node.name];
		if (!runs) {
			ctx.problems.push(`node "${node.name}" did not run`);
			continue;
		}
		const items: RunItem[] = runs.flatMap((_, index) => nodeItems(run, node.name, 0, index));
		if (items.length === 0) ctx.problems.push(`node "${node.name}" (${operation}) emitted no items`);
		const options = (node.parameters?.options ?? {}) as Record<string, unknown>;
		const downloads = operation === 'download' || (operation === 'waitForCompletion' && options.download === true);
		if (downloads) expectedFiles += items.length;
		for (const [index, item] of items.entries()) {
			const where = `"${node.name}" item ${index}`;
			const id = typeof item.json.id === 'string' ? item.json.id : undefined;
			if (VIDEO_OUTPUT_OPERATIONS.has(operation)) {
				if (!id) ctx.problems.push(`${where}: no video id in json.id`);
				else if (!known.has(id)) ctx.problems.push(`${where}: id ${id} is not a job the simulator created`);
			}
			if (operation === 'waitForCompletion' && item.json.status !== 'completed') {
				ctx.problems.push(`${where}: status ${JSON.stringify(item.json.status)}, expected "completed"`);
			}
			if (downloads && (!item.binary || Object.keys(item.binary).length === 0)) ctx.problems.push(`${where}: no binary data`);
			for (const [property, binary] of Object.entries(item.binary ?? {})) {
				const variant = variantOf(binary);
				const label = `${where} binary "${property}" (${binary.mimeType ?? '?'})`;
				if (!variant) {
					ctx.problems.push(`${label}: not an MP4, WebP or JPEG`);
					continue;
				}
				counts[variant] = (counts[variant] ?? 0) + 1;
				if (!String(binary.id ?? '').startsWith('filesystem')) {
					ctx.problems.push(`${label}: not in the filesystem binary store (id ${JSON.stringify(binary.id)})`);
					continue;
				}
				const path = ctx.instance.binaryPath(binary);
				if (!path) {
					ctx.problems.push(`${label}: file for ${binary.id} not found under ${ctx.instance.storagePath}`);
					continue;
				}
				const size = ctx.instance.binarySize(binary)!;
				const digest = await sha256File(path);
				// Which job is it? The item's id, else whichever created job these bytes belong to.
				const candidates = [id, ...known].filter((candidate): candidate is string => typeof candidate === 'string');
				let owner: string | undefined;
				for (const candidate of candidates) {
					if ((await ctx.sim.expectedSha256(candidate, variant)) === digest) {
						owner = candidate;
						break;
					}
				}
				if (!owner) {
					ctx.problems.push(`${label}: ${size} bytes, sha256 ${digest.slice(0, 12)}… matches no ${variant} the simulator serves`);
					continue;
				}
				if (id && owner !== id) ctx.problems.push(`${label}: bytes belong to ${owner}, item says ${id}`);
				const served = contentLog.filter((entry) => entry.videoId === owner).map((entry) => entry.bytesSent);
				if (!served.includes(size)) ctx.problems.push(`${label}: ${size} bytes on disk, simulator sent ${JSON.stringify(served)} for ${owner}`);
			}
		}
	}
	const summary = Object.entries(counts)
		.map(([variant, count]) => `${count} ${variant === 'video' ? 'MP4' : variant}`)
		.join(', ');
	if (expectedFiles > 0 && Object.values(counts).reduce((sum, count) => sum + count, 0) < expectedFiles) {
		ctx.problems.push(`expected ${expectedFiles} downloaded file(s), found ${summary || 'none'}`);
	}
	const fresh = [...known].filter((id) => !ctx.jobsBefore.has(id)).length;
	ctx.notes.push(`${fresh} job(s) created by this run; files checked against the simulator: ${summary || 'none'}`);
}

function checkNodeStatuses(run: N8nRun, ctx: CheckContext): void {
	for (const [name, runs] of Object.entries(run.data.resultData.runData)) {
		for (const nodeRun of runs) {
			if (nodeRun.error) ctx.problems.push(`node "${name}" failed: ${nodeRun.error.message ?? JSON.stringify(nodeRun.error)}`);
			else if (nodeRun.executionStatus && nodeRun.executionStatus !== 'success') ctx.problems.push(`node "${name}" status ${nodeRun.executionStatus}`);
		}
	}
}

// ---------------------------------------------------------------------------------------------

function listJson(folder: string): string[] {
	if (!existsSync(folder)) return [];
	return readdirSync(folder)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => join(folder, name));
}

function build(): { ok: boolean; message?: string } {
	const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status === 0) return { ok: true };
	return { ok: false, message: `npm run build exited ${result.status ?? result.signal}${result.error ? ` (${result.error.message})` : ''}` };
}

function checkDist(): string[] {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { n8n?: { nodes?: string[]; credentials?: string[] } };
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	return declared.filter((file) => !existsSync(join(root, file)));
}

function pack(destination: string): string {
	const result = spawnSync('npm', ['pack', '--pack-destination', destination, '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
	const parsed = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Array<{ filename: string; size: number; entryCount: number }>;
	const entry = parsed[0];
	if (!entry) throw new Error(`npm pack printed no file: ${result.stdout}`);
	const file = join(destination, entry.filename);
	console.log(`packed ${entry.filename}: ${entry.entryCount} files, ${entry.size} bytes`);
	return file;
}

async function main(): Promise<number> {
	let failures = 0;
	const outcomes: Outcome[] = [];
	let buildProblem: string | undefined;

	await phase('build (npm run build)', () => {
		const result = build();
		const missing = checkDist();
		if (!result.ok) {
			if (missing.length > 0) {
				throw new Error(`${result.message}, and dist/ lacks ${missing.join(', ')}: nothing to test. Fix the build (npm run build) first.`);
			}
			buildProblem = `${result.message}; testing the dist/ left by an earlier build, so this run cannot pass`;
			console.error(`✗ ${buildProblem}`);
		} else if (missing.length > 0) {
			throw new Error(`the build succeeded but dist/ lacks ${missing.join(', ')} (package.json "n8n" section)`);
		}
	});

	const workDir = mkdtempSync(join(tmpdir(), 'sora-e2e-pack-'));
	process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
	const tarball = await phase('npm pack', () => pack(workDir));
	const runtime = await phase('n8n runtime (install on first use, then cached)', () => ensureN8n());
	console.log(`n8n ${runtime.n8nVersion}, ${runtime.node}`);

	const instance = N8nInstance.create(runtime, { keep });
	const apiKey = `sk-e2e-${randomBytes(12).toString('hex')}`;
	let sim: Simulator | undefined;
	try {
		console.log(`n8n user folder: ${instance.userFolder}`);
		const installed = await phase('install the package into n8n (community-package layout)', () => instance.installPackage(tarball));
		console.log(`installed ${installed.name}@${installed.version} in ${relative(instance.userFolder, installed.dir)}`);
		console.log(`node types: ${installed.nodeTypes.join(', ')}; credential types: ${installed.credentialTypes.join(', ')}`);
		if (!installed.nodeTypes.includes(NODE_TYPE)) throw new Error(`n8n did not register ${NODE_TYPE}`);
		if (!installed.credentialTypes.includes(CREDENTIAL_TYPE)) throw new Error(`the node does not use credential type ${CREDENTIAL_TYPE}`);

		sim = await phase('start the simulator', () => startSimulator({ port: 0, apiKey, renderMs, validateRequests: true, validateResponses: true }));
		console.log(`simulator ${sim.baseUrl} (render ${renderMs} ms)`);
		const simulator = sim;

		const [credentialId] = await phase('import the credential', () =>
			instance.importCredentials([{ name: CREDENTIAL_NAME, type: CREDENTIAL_TYPE, data: { apiKey, baseUrl: simulator.baseUrl, authHeader: 'bearer' } }]),
		);
		console.log(`credential "${CREDENTIAL_NAME}" (${CREDENTIAL_TYPE}) → id ${credentialId}`);

		const fixtures = listJson(join(root, 'test', 'e2e', 'fixtures'));
		const examples = listJson(join(root, 'examples'));
		if (examples.length === 0) console.warn('\n⚠ examples/ holds no workflow yet: only the smoke fixtures run');
		const files = [...fixtures, ...examples, ...extraWorkflows].filter((file) => only.length === 0 || only.some((part) => basename(file).includes(part)));

		const cliRuns: Array<{ file: string; id: string; workflow: WorkflowJson }> = [];
		const webhookRuns: Array<{ file: string; id: string; workflow: WorkflowJson; node: WorkflowNode }> = [];
		await phase(`import ${files.length} workflow(s)`, async () => {
			for (const file of files) {
				const imported = await instance.importWorkflow(file, { credentialIds: { [CREDENTIAL_NAME]: credentialId! } });
				const webhook = imported.workflow.nodes.find((node) => node.type === WEBHOOK_TYPE && !node.disabled);
				if (webhook) webhookRuns.push({ file, id: imported.id, workflow: imported.workflow, node: webhook });
				else cliRuns.push({ file, id: imported.id, workflow: imported.workflow });
				console.log(`  ${relative(root, file)} → ${imported.id}${webhook ? ' (webhook)' : ''}`);
			}
		});

		const report = (outcome: Outcome) => {
			outcomes.push(outcome);
			if (!outcome.ok) failures++;
			console.log(`${outcome.ok ? 'PASS' : 'FAIL'}  ${relative(root, outcome.file)}  (${outcome.via}, ${seconds(outcome.ms)})`);
			for (const note of outcome.notes) console.log(`        · ${note}`);
			for (const problem of outcome.problems) console.log(`        ✗ ${problem}`);
		};

		for (const { file, id, workflow } of cliRuns) {
			await phase(`execute ${basename(file)} (n8n execute --id=${id})`, async () => {
				const ctx: CheckContext = { file, workflow, instance, sim: simulator, problems: [], notes: [], jobsBefore: createdIds(simulator) };
				const result = await instance.execute(id, { timeoutMs: 10 * 60_000 });
				if (result.problem) ctx.problems.push(result.problem);
				if (result.run) {
					checkNodeStatuses(result.run, ctx);
					await checkSoraOutputs(result.run, ctx);
					fixtureChecks[basename(file)]?.run?.(result.run, result.stdout, ctx);
				}
				if (ctx.problems.length > 0 && !result.run) {
					ctx.notes.push(`output tail:\n${`${result.stdout}\n${result.stderr}`.trimEnd().split('\n').slice(-25).join('\n')}`);
				}
				report({ file, name: String(workflow.name), via: 'cli', ok: ctx.problems.length === 0, ms: result.ms, problems: ctx.problems, notes: ctx.notes });
			});
		}

		await phase(`n8n start: ${webhookRuns.length} webhook workflow(s) and the credential test`, async () => {
			for (const { id } of webhookRuns) await instance.publishWorkflow(id);
			const server = await instance.startServer();
			try {
				for (const { file, workflow, node } of webhookRuns) {
					const ctx: CheckContext = { file, workflow, instance, sim: simulator, problems: [], notes: [], jobsBefore: createdIds(simulator) };
					const method = String(node.parameters?.httpMethod ?? 'GET').toUpperCase();
					const path = String(node.parameters?.path ?? node.webhookId ?? '');
					const fixture = fixtureChecks[basename(file)];
					const body = fixture?.webhookBody ?? webhookBodies[basename(file)] ?? DEFAULT_WEBHOOK_BODY;
					const url = server.webhookUrl(path);
					const waited = await server.waitForWebhook(path, method);
					ctx.notes.push(`webhook registered ${waited} ms after start was ready (published workflows activate asynchronously)`);
					const started = Date.now();
					let answer: unknown;
					try {
						const response = await fetch(url, {
							method,
							headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
							body: method === 'GET' ? undefined : JSON.stringify(body),
							signal: AbortSignal.timeout(10 * 60_000),
						});
						const text = await response.text();
						try {
							answer = JSON.parse(text);
						} catch {
							answer = text;
						}
						ctx.notes.push(`${method} ${url} → ${response.status} ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`);
						if (!response.ok) ctx.problems.push(`webhook answered HTTP ${response.status}`);
					} catch (error) {
						ctx.problems.push(`webhook call failed: ${(error as Error).message}`);
					}
					if (fixture?.response) fixture.response(answer, ctx);
					else if (soraNodes(workflow).length > 0) {
						const first = (Array.isArray(answer) ? answer[0] : answer) as Record<string, unknown> | undefined;
						const known = createdIds(simulator);
						if (!first || typeof first !== 'object') ctx.problems.push('webhook answer is not a JSON object');
						else {
							if (typeof first.id !== 'string') ctx.problems.push('webhook answer has no id');
							else if (!known.has(first.id) || ctx.jobsBefore.has(first.id)) ctx.problems.push(`webhook answer id ${first.id} is not a job the simulator created during this call`);
							if (first.status !== 'completed') ctx.problems.push(`webhook answer status ${JSON.stringify(first.status)}, expected "completed"`);
						}
					}
					report({ file, name: String(workflow.name), via: 'webhook', ok: ctx.problems.length === 0, ms: Date.now() - started, problems: ctx.problems, notes: ctx.notes });
				}
				report(await checkCredentialTest(server, simulator, apiKey));
			} finally {
				await server.stop();
			}
		});

		const violations = simulator.schemaViolations();
		if (violations.length > 0) console.log(`\nsimulator: ${violations.length} response schema violation(s): ${violations.slice(0, 5).join('; ')}`);
		const outbound = instance.outboundAttempts();
		if (outbound.length > 0) {
			failures++;
			console.log(`\nFAIL  n8n tried to reach ${outbound.length} non-loopback host(s) (it must stay offline):`);
			for (const attempt of outbound.slice(0, 10)) console.log(`        ✗ ${attempt.kind} ${attempt.host}${attempt.port ? `:${attempt.port}` : ''}  ${attempt.stack}`);
		} else {
			console.log('\nn8n made no attempt to reach a non-loopback host');
		}
	} finally {
		await sim?.stop();
		await instance.dispose();
		rmSync(workDir, { recursive: true, force: true });
	}

	console.log('\nTimings');
	for (const [label, ms] of timings) console.log(`  ${seconds(ms).padStart(8)}  ${label}`);
	console.log(`  ${seconds(Date.now() - startedAt).padStart(8)}  total`);

	const passed = outcomes.filter((outcome) => outcome.ok).length;
	console.log(`\n${passed}/${outcomes.length} check(s) passed in n8n ${runtime.n8nVersion} (workflows and the credential test)`);
	if (buildProblem) {
		console.log(`FAIL  ${buildProblem}`);
		failures++;
	}
	if (outcomes.length === 0) {
		console.log('FAIL  no workflow ran');
		failures++;
	}
	return failures === 0 ? 0 : 1;
}

/**
 * The credential's test as the editor runs it (POST /rest/credentials/test, signed in as the
 * instance owner): the right key passes; a wrong one fails with the credential's own message, and
 * neither n8n's answer nor its log repeats the wrong key.
 */
async function checkCredentialTest(server: N8nServer, simulator: Simulator, apiKey: string): Promise<Outcome> {
	const started = Date.now();
	const problems: string[] = [];
	const notes: string[] = [];
	const outcome = (): Outcome => ({ file: join(root, 'credentials', 'SoraVideosApi.credentials.ts'), name: 'credential test', via: 'rest', ok: problems.length === 0, ms: Date.now() - started, problems, notes });
	// n8n ties its session cookie to the browser-id header it was issued with.
	const headers = { 'content-type': 'application/json', 'browser-id': 'sora-videos-e2e' };
	const setup = await fetch(`${server.baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ email: 'owner@example.com', firstName: 'E2E', lastName: 'Owner', password: `E2e-${randomBytes(6).toString('hex')}-pass1` }),
	});
	const cookie = setup.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
	if (!setup.ok || !cookie) {
		problems.push(`owner setup answered HTTP ${setup.status}: ${(await setup.text()).slice(0, 300)}`);
		return outcome();
	}
	const testWith = async (key: string, baseUrl = simulator.baseUrl) => {
		const response = await fetch(`${server.baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { ...headers, cookie },
			body: JSON.stringify({ credentials: { id: '', name: 'e2e probe', type: CREDENTIAL_TYPE, data: { apiKey: key, baseUrl, authHeader: 'bearer' } } }),
		});
		const text = await response.text();
		const parsed = (() => {
			try {
				return (JSON.parse(text) as { data?: { status?: string; message?: string } }).data;
			} catch {
				return undefined;
			}
		})();
		return { httpStatus: response.status, text, result: parsed };
	};
	const probesBefore = simulator.count('GET /models');
	const right = await testWith(apiKey);
	notes.push(`right key → HTTP ${right.httpStatus} ${right.text.replaceAll(apiKey, '[key]')}`);
	if (right.result?.status !== 'OK') problems.push('the right key did not pass the test');
	const wrongKey = `sk-e2e-WRONG-${randomBytes(8).toString('hex')}`;
	const wrong = await testWith(wrongKey);
	notes.push(`wrong key → HTTP ${wrong.httpStatus} ${wrong.text.replaceAll(wrongKey, '[the wrong key]')}`);
	if (wrong.result?.status !== 'Error' || !/refused the API key \(HTTP 401\)/.test(wrong.result.message ?? '')) problems.push('the wrong key did not fail with the credential\'s 401 message');
	const noV1 = await testWith(apiKey, simulator.baseUrl.replace(/\/v1$/, ''));
	notes.push(`Base URL without /v1 → HTTP ${noV1.httpStatus} ${noV1.text.replaceAll(apiKey, '[key]')}`);
	if (noV1.result?.status !== 'Error' || !/should end with the API root/.test(noV1.result.message ?? '')) problems.push('a Base URL without /v1 did not fail with the credential\'s 404 message');
	if (wrong.text.includes(wrongKey) || right.text.includes(apiKey) || noV1.text.includes(apiKey)) problems.push("n8n's answer repeats the key");
	if (server.output().includes(wrongKey) || server.output().includes(apiKey)) problems.push("n8n's log repeats a key");
	// n8n sends a request refused with 401 a second time (after its pre-authentication hook), so 3.
	const probes = simulator.count('GET /models') - probesBefore;
	notes.push(`the simulator saw ${probes} GET /models`);
	if (probes < 2) problems.push('the tests did not reach the simulator');
	return outcome();
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(`\nFAIL  ${error.message}`);
		for (const [label, ms] of timings) console.error(`  ${seconds(ms).padStart(8)}  ${label}`);
		process.exit(1);
	},
);
