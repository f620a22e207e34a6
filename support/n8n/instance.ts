/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// Runs a real n8n (from ensureN8n) headless against a fresh, throw-away user folder: installs a
// packed community package the way n8n installs one (community-package.ts), imports credentials
// and workflows, runs workflows with the CLI and starts the server for webhook-triggered ones
// (n8n-server.ts). Everything listens on 127.0.0.1, every child runs in its own process group and
// is stopped on exit, also on failure (n8n-processes.ts).
//
// Code nodes run in n8n 2.x's JS task runner (internal mode: a child process of n8n that connects
// to the task broker on N8N_RUNNERS_BROKER_PORT, 5679 by default). Each n8n process here gets its
// own free broker port so several can run at once. The Python runner is not available (no venv)
// and n8n only logs that.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { installCommunityPackage, type InstalledPackage } from './community-package';
import { BinaryStore } from './binary-data';
import { n8nEnvironment, type EnvironmentSettings } from './environment';
import {
	forgetFolder,
	freePort,
	installExitHook,
	removeFolderOnExit,
	runInOwnGroup,
	tail,
	type CliResult,
} from './processes';
import {
	executeProblem,
	n8nId,
	parseExecuteOutput,
	workflowForImport,
	type BinaryRef,
	type N8nRun,
	type WorkflowJson,
} from './run-data';
import { launchN8nProcess, type N8nServer } from './server';
import { executeEnv, type N8nRuntime } from './runtime';

// What the benchmarks (bench/run.ts) take from here along with the instance.
export { nodeItems, type N8nRun, type NodeRun, type WorkflowJson } from './run-data';

const CLI_TIMEOUT_MS = 15 * 60_000;

export interface CredentialInput {
	id?: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface ImportedWorkflow {
	id: string;
	name: string;
	/** The JSON as imported (id set, credential references rewritten). */
	workflow: WorkflowJson;
	file: string;
}

export interface ExecuteResult extends CliResult {
	ok: boolean;
	run?: N8nRun;
	/** A one-line reason when !ok. */
	problem?: string;
}

/** A non-loopback host n8n tried to reach, as support/n8n/outbound-guard.cjs records it. */
export interface OutboundAttempt {
	pid: number;
	kind: string;
	host: string;
	port?: number;
	stack: string;
}

/** The host (and port) of an outbound attempt, for messages. */
export function attemptTarget(attempt: OutboundAttempt): string {
	return `${attempt.kind} ${attempt.host}${attempt.port ? `:${attempt.port}` : ''}`;
}

export interface InstanceOptions {
	/** Keep the user folder after dispose() (also when SORA_E2E_KEEP=1). */
	keep?: boolean;
	/**
	 * Extra environment for every n8n process: the cell's binary data mode, database and queue
	 * settings (N8N_DEFAULT_BINARY_DATA_MODE, DB_*, EXECUTIONS_MODE, QUEUE_BULL_*).
	 */
	env?: Record<string, string>;
	/** Record attempts to reach non-loopback hosts (default true). */
	outboundGuard?: boolean;
	/** Progress lines. */
	log?: (line: string) => void;
}

export class N8nInstance {
	readonly userFolder: string;
	readonly n8nFolder: string;
	readonly storagePath: string;
	readonly outboundLog: string;
	private readonly keep: boolean;
	private readonly settings: EnvironmentSettings;
	private readonly binaries: BinaryStore;
	private readonly say: (line: string) => void;
	private servers = new Set<N8nServer>();

	private constructor(
		readonly runtime: N8nRuntime,
		options: InstanceOptions,
	) {
		installExitHook();
		this.userFolder = mkdtempSync(join(tmpdir(), 'sora-n8n-e2e-'));
		this.n8nFolder = join(this.userFolder, '.n8n');
		this.storagePath = join(this.n8nFolder, 'storage');
		this.outboundLog = join(this.userFolder, 'outbound.jsonl');
		mkdirSync(this.n8nFolder, { recursive: true });
		this.keep = options.keep ?? process.env.SORA_E2E_KEEP === '1';
		this.settings = {
			userFolder: this.userFolder,
			storagePath: this.storagePath,
			n8nVersion: runtime.n8nVersion,
			outboundLog: (options.outboundGuard ?? true) ? this.outboundLog : undefined,
			overrides: options.env ?? {},
		};
		this.binaries = new BinaryStore({
			runtime,
			storagePath: this.storagePath,
			n8nFolder: this.n8nFolder,
			mode: this.env().N8N_DEFAULT_BINARY_DATA_MODE,
			sqliteFile: this.sqliteFile(),
		});
		this.say = options.log ?? ((line) => console.log(`[n8n] ${line}`));
		if (!this.keep) removeFolderOnExit(this.userFolder);
	}

	static create(runtime: N8nRuntime, options: InstanceOptions = {}): N8nInstance {
		return new N8nInstance(runtime, options);
	}

	/** Environment of every n8n process: isolated, offline, filesystem binary data, loopback only. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		return n8nEnvironment(this.settings, extra);
	}

	/** The SQLite database, or undefined when the instance runs on PostgreSQL. */
	private sqliteFile(): string | undefined {
		return this.env().DB_TYPE === 'sqlite' ? join(this.n8nFolder, 'database.sqlite') : undefined;
	}

	/** Runs `n8n <args>` to completion in its own process group (killed after timeoutMs). */
	async cli(
		args: string[],
		options: { timeoutMs?: number; env?: Record<string, string> } = {},
	): Promise<CliResult> {
		const brokerPort = await freePort();
		const env = this.env({
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_PORT: String(await freePort()),
			...options.env,
		});
		const result = await runInOwnGroup(this.runtime.node, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env,
			timeoutMs: options.timeoutMs ?? CLI_TIMEOUT_MS,
		});
		return { args, ...result };
	}

	/** Runs `n8n <args>` and throws when it fails, also when it logs an error and exits 0. */
	private async cliOk(args: string[], what: string): Promise<CliResult> {
		const result = await this.cli(args);
		const text = `${result.stdout}\n${result.stderr}`;
		// Several commands log errors and still exit 0 (their catch() only logs).
		const failed =
			result.code !== 0 ||
			/An error occurred|Error (importing|updating|executing)|There was an error/i.test(text);
		if (failed) {
			throw new Error(
				`${what} failed (n8n ${args.join(' ')} → exit ${result.code ?? result.signal}${result.timedOut ? ', timed out' : ''}):\n${tail(text)}`,
			);
		}
		return result;
	}

	/** Installs a packed package as n8n does and checks that n8n loads its node types. */
	installPackage(tarball: string): Promise<InstalledPackage> {
		return installCommunityPackage(
			{
				runtime: this.runtime,
				userFolder: this.userFolder,
				n8nFolder: this.n8nFolder,
				sqliteFile: this.sqliteFile(),
				cliOk: (args, what) => this.cliOk(args, what),
				say: this.say,
			},
			tarball,
		);
	}

	/** Imports credentials (plain `data` is encrypted by n8n on import); returns their ids in order. */
	async importCredentials(credentials: CredentialInput[]): Promise<string[]> {
		const withIds = credentials.map((credential) => ({
			...credential,
			id: credential.id ?? n8nId(),
		}));
		const file = this.importFile(`credentials-${Date.now()}.json`, withIds);
		await this.cliOk(['import:credentials', `--input=${file}`], 'import:credentials');
		rmSync(file, { force: true }); // holds the plain key
		return withIds.map((credential) => credential.id);
	}

	/**
	 * Imports one workflow (file path or JSON). Gives it an id when it has none and points every
	 * credential reference whose name is in `credentialIds` (name → id) at that id.
	 */
	async importWorkflow(
		source: string | WorkflowJson,
		options: { id?: string; credentialIds?: Record<string, string> } = {},
	): Promise<ImportedWorkflow> {
		const original =
			typeof source === 'string'
				? (JSON.parse(readFileSync(source, 'utf8')) as WorkflowJson)
				: source;
		const workflow = workflowForImport(original, options);
		const file = this.importFile(`${workflow.id}.json`, workflow);
		await this.cliOk(
			['import:workflow', `--input=${file}`],
			`import:workflow ${typeof source === 'string' ? basename(source) : workflow.name}`,
		);
		return { id: workflow.id, name: String(workflow.name ?? workflow.id), workflow, file };
	}

	/** Writes what an `import:*` command reads into the user folder's import/ folder. */
	private importFile(name: string, content: unknown): string {
		mkdirSync(join(this.userFolder, 'import'), { recursive: true });
		const file = join(this.userFolder, 'import', name);
		writeFileSync(file, JSON.stringify(content, null, 2), 'utf8');
		return file;
	}

	/** Publishes (activates) a workflow so `start` registers its webhooks (`update:workflow --active` before n8n 2.x). */
	async publishWorkflow(id: string): Promise<void> {
		const args =
			this.runtime.major >= 2
				? ['publish:workflow', `--id=${id}`]
				: ['update:workflow', `--id=${id}`, '--active=true'];
		await this.cliOk(args, `${args[0]} ${id}`);
	}

	/** `n8n execute --id=<id> --rawOutput`, with the run parsed from its output. */
	async execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			...options,
			env: executeEnv(this.runtime.n8nVersion),
		});
		const run = parseExecuteOutput(result.stdout);
		const problem = executeProblem(result, run, options.timeoutMs ?? CLI_TIMEOUT_MS);
		return { ...result, ok: problem === undefined, run, problem };
	}

	/** Starts `n8n start` (the main) on a free loopback port; resolves once it is ready. */
	startServer(options: { timeoutMs?: number } = {}): Promise<N8nServer> {
		return this.startLongRunning('start', 'Editor is now accessible via', options);
	}

	/**
	 * Starts `n8n worker` (queue mode: takes executions from Redis); resolves once it is ready.
	 * Its `baseUrl` is its own unused port: only the main serves HTTP.
	 */
	startWorker(options: { timeoutMs?: number } = {}): Promise<N8nServer> {
		return this.startLongRunning('worker', 'n8n worker is now ready', options);
	}

	private async startLongRunning(
		command: 'start' | 'worker',
		readyLine: string,
		options: { timeoutMs?: number },
	): Promise<N8nServer> {
		const port = await freePort();
		const brokerPort = await freePort();
		const env = this.env({
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		});
		const logFile = join(this.userFolder, `${command}-${port}.log`);
		const server = await launchN8nProcess({
			command,
			readyLine,
			node: this.runtime.node,
			n8nBin: this.runtime.n8nBin,
			cwd: this.userFolder,
			env,
			port,
			logFile,
			timeoutMs: options.timeoutMs ?? 120_000,
			onStop: (stopped) => this.servers.delete(stopped),
		});
		this.servers.add(server);
		this.say(
			`n8n ${command} ready${command === 'start' ? ` on ${server.baseUrl}` : ''} in ${server.startMs} ms (log: ${logFile})`,
		);
		return server;
	}

	/** Path of a filesystem-mode binary (id like "filesystem-v2:workflows/…/binary_data/<uuid>"). */
	binaryPath(binary: BinaryRef): string | undefined {
		return this.binaries.path(binary);
	}

	binarySize(binary: BinaryRef): number | undefined {
		return this.binaries.size(binary);
	}

	/** The bytes of a binary where this instance stored them (n8n-binary-data.ts). */
	readBinary(binary: BinaryRef): Buffer | undefined {
		return this.binaries.read(binary);
	}

	/** Where this instance's binary data lives, for messages. */
	binaryStoreName(): string {
		return this.binaries.describe();
	}

	/** A module from the n8n install (e.g. `flatted`, which n8n stores execution data with). */
	requireFromN8n<T>(name: string): T {
		return createRequire(join(this.runtime.root, 'node_modules', 'n8n', 'package.json'))(name) as T;
	}

	/** Non-loopback hosts n8n tried to reach (recorded by support/n8n/outbound-guard.cjs). */
	outboundAttempts(): OutboundAttempt[] {
		if (!existsSync(this.outboundLog)) return [];
		return readFileSync(this.outboundLog, 'utf8')
			.split('\n')
			.filter((line) => line.trim() !== '')
			.map((line) => JSON.parse(line) as OutboundAttempt);
	}

	/** Stops servers still running and removes the user folder (unless kept). */
	async dispose(): Promise<void> {
		for (const server of [...this.servers]) await server.stop();
		if (this.keep) {
			this.say(`kept n8n user folder ${this.userFolder}`);
			return;
		}
		rmSync(this.userFolder, { recursive: true, force: true });
		forgetFolder(this.userFolder);
	}
}
