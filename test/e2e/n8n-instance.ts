// Runs a real n8n (from ensureN8n) headless against a fresh, throw-away user folder: installs a
// packed community package the way n8n installs one, imports credentials and workflows, runs
// workflows with the CLI and starts the server for webhook-triggered ones. Everything listens on
// 127.0.0.1, every child runs in its own process group and is stopped on exit (also on failure).
//
// Facts about n8n 2.40.7 this relies on (read from its dist/, verified by running it):
// - Community packages load by directory scan only: the community-packages module's nodeLoaders()
//   globs `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/n8n-nodes-*` (and `@*/n8n-nodes-*`) with
//   n8n-core's scanDirectoryForPackages and types the nodes `<packageName>.<nodeName>`. No DB row
//   is needed to load. The UI install also writes the ledger `.n8n/nodes/package.json`
//   ({name:'installed-nodes', private:true, dependencies:{pkg: version}}) and rows in
//   installed_packages/installed_nodes (for Settings → Community nodes). We do all three.
// - `import:workflow --input=<file>` needs an `id` in the file (else "NOT NULL constraint failed:
//   workflow_entity.id"). Credential references are resolved by id, else by name + type within
//   the owner's project; we still write the imported id into each reference.
// - `execute --id=<id> --rawOutput` prints log lines, then the run as pretty-printed JSON (a line
//   `{` … a line `}` at column 0) on stdout and exits 0. On a failed run it logs the same JSON
//   (after "Execution error:" and a `====` line) and exits 1.
// - Code nodes run in the JS task runner (internal mode: a child process of n8n that connects to
//   the task broker on N8N_RUNNERS_BROKER_PORT, 5679 by default). Each n8n process here gets its
//   own free broker port so several can run at once. The Python runner is not available (no venv)
//   and n8n only logs that.
// - Webhooks: `publish:workflow --id=<id>` (n8n 2.x; update:workflow --active is the older way)
//   before `start`. /healthz answers early, so start is ready at its "Editor is now accessible
//   via" line; published workflows are then activated asynchronously (workflow publication
//   service), so waitForWebhook() probes each path with a CORS preflight until it is registered.
// - With modules enabled by default, `start` calls api.n8n.io from the mcp-registry refresh task;
//   N8N_DISABLED_MODULES=mcp-registry stops it. test/e2e/outbound-guard.cjs records any other
//   attempt to reach a non-loopback host.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	createWriteStream,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { disabledModules, executeEnv, type N8nRuntime } from '../../support/n8n-runtime';

export const E2E_ENCRYPTION_KEY = 'sora-videos-e2e-fixed-encryption-key-0001';
const OUTBOUND_GUARD = join(__dirname, 'outbound-guard.cjs');

// ---------------------------------------------------------------------------------------------
// Child process bookkeeping: every n8n child is a process-group leader; kill the groups on exit.

const liveGroups = new Set<number>();
/** User folders to remove if the process exits before dispose() (Ctrl+C, crash). */
const foldersToRemove = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const pid of liveGroups) {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		for (const folder of foldersToRemove) rmSync(folder, { recursive: true, force: true });
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			console.error(`\nreceived ${signal}; stopping n8n processes`);
			process.exit(130);
		});
	}
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is gone
	}
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** n8n-style id: 16 alphanumeric characters. */
export function n8nId(): string {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
}

// ---------------------------------------------------------------------------------------------
// Types

/** One node type as `n8n export:nodes` lists it. */
interface ExportedNodeType {
	name: string;
	displayName: string;
	version: number | number[];
	credentials?: Array<{ name: string }>;
}

export interface CliResult {
	args: string[];
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
	timedOut: boolean;
}

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

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion?: number;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, string | { id?: string | null; name?: string }>;
	webhookId?: string;
	disabled?: boolean;
	[key: string]: unknown;
}

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface BinaryRef {
	id?: string;
	data?: string;
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileType?: string;
	fileSize?: string;
	bytes?: number;
	[key: string]: unknown;
}

export interface RunItem {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryRef>;
	[key: string]: unknown;
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string; [key: string]: unknown };
	data?: { main?: Array<RunItem[] | null> };
	[key: string]: unknown;
}

/** What `n8n execute --rawOutput` prints: an IRun. */
export interface N8nRun {
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
			error?: {
				message?: string;
				description?: string;
				node?: { name?: string };
				[key: string]: unknown;
			};
		};
		[key: string]: unknown;
	};
	mode?: string;
	status?: string;
	finished?: boolean;
	startedAt?: string;
	stoppedAt?: string;
	[key: string]: unknown;
}

export interface ExecuteResult extends CliResult {
	ok: boolean;
	run?: N8nRun;
	/** A one-line reason when !ok. */
	problem?: string;
}

export interface InstalledPackage {
	name: string;
	version: string;
	dir: string;
	/** e.g. ['n8n-nodes-sora-videos.soraVideos', 'n8n-nodes-sora-videos.soraVideosTool'] */
	nodeTypes: string[];
	/** Credential type names the package declares (package.json n8n.credentials, by class). */
	credentialTypes: string[];
}

export interface N8nServer {
	baseUrl: string;
	port: number;
	pid: number;
	startMs: number;
	webhookUrl(path: string): string;
	/**
	 * Waits until a published workflow's webhook is registered. n8n 2.40.7 activates published
	 * workflows asynchronously (workflow publication service) after start is ready, so a call right
	 * away can get 404 "not registered". Probes with a CORS preflight (OPTIONS + Origin), which n8n
	 * answers 204 with Access-Control-Allow-Methods once the path is registered, without running
	 * the workflow. Returns the ms waited.
	 */
	waitForWebhook(path: string, method?: string, timeoutMs?: number): Promise<number>;
	output(): string;
	stop(): Promise<void>;
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

// ---------------------------------------------------------------------------------------------
// Output parsing

/**
 * Finds the run JSON in `n8n execute` output: the last block that starts with a line `{` and ends
 * with a line `}` (pretty-printed JSON keeps nested lines indented) and parses into an object with
 * data.resultData. Log lines before and after it are ignored.
 */
export function parseExecuteOutput(stdout: string): N8nRun | undefined {
	const lines = stdout.split(/\r?\n/);
	const starts: number[] = [];
	lines.forEach((line, index) => {
		if (line === '{') starts.push(index);
	});
	for (let s = starts.length - 1; s >= 0; s--) {
		const start = starts[s]!;
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end] !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(start, end + 1).join('\n')) as N8nRun;
				if (parsed && typeof parsed === 'object' && parsed.data?.resultData) return parsed;
			} catch {
				// not this block
			}
			break;
		}
	}
	return undefined;
}

/** Items a node emitted (main output `output`, run `runIndex`, default the last run). */
export function nodeItems(run: N8nRun, nodeName: string, output = 0, runIndex?: number): RunItem[] {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) return [];
	const chosen = runs[runIndex ?? runs.length - 1];
	return chosen?.data?.main?.[output] ?? [];
}

function tail(text: string, lines = 30): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------

export class N8nInstance {
	readonly userFolder: string;
	readonly n8nFolder: string;
	readonly storagePath: string;
	readonly outboundLog: string;
	private readonly keep: boolean;
	private readonly extraEnv: Record<string, string>;
	private readonly guard: boolean;
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
		this.extraEnv = options.env ?? {};
		this.guard = options.outboundGuard ?? true;
		this.say = options.log ?? ((line) => console.log(`[n8n] ${line}`));
		if (!this.keep) foldersToRemove.add(this.userFolder);
	}

	static create(runtime: N8nRuntime, options: InstanceOptions = {}): N8nInstance {
		return new N8nInstance(runtime, options);
	}

	/** Environment of every n8n process: isolated, offline, filesystem binary data, loopback only. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {};
		for (const [key, value] of Object.entries(process.env)) {
			if (
				/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_PATH$|npm_)/.test(
					key,
				)
			)
				continue;
			env[key] = value;
		}
		Object.assign(env, {
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			GENERIC_TIMEZONE: 'UTC',
			// No telemetry, version checks, templates, banners, surveys, AI or license calls.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			// Community packages: load ours from the nodes folder, never reach npm or api.n8n.io.
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			// Binary data on disk, as the node's streamed downloads expect.
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_STORAGE_PATH: this.storagePath,
			// Task runners (Code node): internal mode, broker on loopback (port set per process).
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_TASK_TIMEOUT: '300',
			// Server: loopback only.
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_LOG_FORMAT: 'text',
			EXECUTIONS_MODE: 'regular',
			DB_TYPE: 'sqlite',
		});
		Object.assign(env, disabledModules(this.runtime.n8nVersion));
		if (this.guard && existsSync(OUTBOUND_GUARD)) {
			env.NODE_OPTIONS = `--require ${OUTBOUND_GUARD}`;
			env.SORA_E2E_OUTBOUND_LOG = this.outboundLog;
		}
		Object.assign(env, this.extraEnv, extra);
		return env;
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
		const started = Date.now();
		const child = spawn(this.runtime.node, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		if (child.pid) liveGroups.add(child.pid);
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
		let timedOut = false;
		const timeoutMs = options.timeoutMs ?? 15 * 60_000;
		const timer = setTimeout(() => {
			timedOut = true;
			if (child.pid) killGroup(child.pid, 'SIGKILL');
		}, timeoutMs);
		const { code, signal } = await new Promise<{
			code: number | null;
			signal: NodeJS.Signals | null;
		}>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', (c, s) => resolve({ code: c, signal: s }));
		});
		clearTimeout(timer);
		if (child.pid) {
			// The task runner is a child of n8n; make sure nothing of the group survives.
			killGroup(child.pid, 'SIGKILL');
			liveGroups.delete(child.pid);
		}
		return {
			args,
			code,
			signal,
			stdout: Buffer.concat(out).toString('utf8'),
			stderr: Buffer.concat(err).toString('utf8'),
			ms: Date.now() - started,
			timedOut,
		};
	}

	private async cliOk(
		args: string[],
		what: string,
		options: { timeoutMs?: number } = {},
	): Promise<CliResult> {
		const result = await this.cli(args, options);
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

	// -------------------------------------------------------------------------------------------
	// Community package

	/**
	 * `n8n export:nodes` writes its file through a stream it never waits for, and the command exits
	 * when `run()` returns (n8n 2.40.7, dist/commands/export/nodes.js): on a busy machine the file
	 * can be empty or cut short. Seen once in CI as "Unexpected end of JSON input". An incomplete
	 * file is n8n's race, not an answer, so the export is run again (three tries at most).
	 */
	private async exportNodeTypes(typesFile: string): Promise<ExportedNodeType[]> {
		for (let attempt = 1; ; attempt++) {
			await this.cliOk(['export:nodes', `--output=${typesFile}`], 'export:nodes');
			const text = readFileSync(typesFile, 'utf8');
			try {
				return JSON.parse(text) as ExportedNodeType[];
			} catch (error) {
				if (attempt === 3)
					throw new Error(
						`n8n export:nodes wrote an incomplete file three times (${text.length} bytes): ${(error as Error).message}`,
					);
				this.say(`export:nodes wrote an incomplete file (${text.length} bytes); running it again`);
			}
		}
	}

	/**
	 * Installs a packed package (`npm pack` output) the way n8n's CommunityPackagesService does:
	 * extract into .n8n/nodes/node_modules/<name> (tar --strip-components=1), drop
	 * devDependencies/peerDependencies/optionalDependencies from its package.json, install its
	 * `dependencies` (none for this package; otherwise npm install --install-strategy=shallow
	 * --ignore-scripts, as n8n does), record it in the .n8n/nodes/package.json ledger, then check
	 * that n8n loads its node types and record it in installed_packages/installed_nodes.
	 */
	async installPackage(tarball: string): Promise<InstalledPackage> {
		const listing = spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], {
			encoding: 'utf8',
		});
		if (listing.status !== 0)
			throw new Error(`cannot read package/package.json from ${tarball}: ${listing.stderr}`);
		const manifest = JSON.parse(listing.stdout) as {
			name: string;
			version: string;
			dependencies?: Record<string, string>;
			n8n?: { credentials?: string[] };
		};
		const nodesDir = join(this.n8nFolder, 'nodes');
		const dir = join(nodesDir, 'node_modules', manifest.name);
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], {
			encoding: 'utf8',
		});
		if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);

		const packageJsonPath = join(dir, 'package.json');
		const {
			devDependencies: _dev,
			peerDependencies: _peer,
			optionalDependencies: _optional,
			...kept
		} = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as Record<string, unknown>;
		writeFileSync(packageJsonPath, JSON.stringify(kept, null, 2), 'utf8');
		if (manifest.dependencies && Object.keys(manifest.dependencies).length > 0) {
			this.say(
				`installing ${manifest.name}'s dependencies: ${Object.keys(manifest.dependencies).join(', ')}`,
			);
			const npm = spawnSync(
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				{ cwd: dir, encoding: 'utf8' },
			);
			if (npm.status !== 0) throw new Error(`npm install in ${dir} failed:\n${tail(npm.stderr)}`);
		}

		const ledgerPath = join(nodesDir, 'package.json');
		let ledger: { name: string; private: boolean; dependencies: Record<string, string> } = {
			name: 'installed-nodes',
			private: true,
			dependencies: {},
		};
		try {
			const existing = JSON.parse(readFileSync(ledgerPath, 'utf8')) as typeof ledger;
			if (existing?.dependencies) ledger = existing;
		} catch {
			// new ledger
		}
		ledger.dependencies[manifest.name] = manifest.version;
		writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');

		// Ask n8n which node types it loads (this also creates and migrates the database).
		const typesFile = join(this.userFolder, 'node-types.json');
		const types = await this.exportNodeTypes(typesFile);
		const ours = types.filter((type) => type.name.startsWith(`${manifest.name}.`));
		if (ours.length === 0) {
			throw new Error(
				`n8n did not load any node type named ${manifest.name}.* from ${dir} (it loaded ${types.length} types)`,
			);
		}
		rmSync(typesFile, { force: true });
		const credentialTypes = [
			...new Set(
				ours.flatMap((type) => (type.credentials ?? []).map((credential) => credential.name)),
			),
		];

		// Same rows as CommunityPackagesService.persistInstalledPackage (listing in the UI).
		const author = (kept.author ?? {}) as { name?: string; email?: string };
		const rows = ours
			.filter(
				(type) =>
					!type.name.endsWith('Tool') || !ours.some((other) => `${other.name}Tool` === type.name),
			)
			.map((type) => ({
				name: type.displayName,
				type: type.name,
				latestVersion: Array.isArray(type.version) ? Math.max(...type.version) : type.version,
			}));
		const script = `
const sqlite3 = require(process.argv[1]);
const db = new sqlite3.Database(process.argv[2]);
const pkg = JSON.parse(process.argv[3]);
db.serialize(() => {
  db.run('DELETE FROM installed_nodes WHERE package = ?', [pkg.name]);
  db.run('DELETE FROM installed_packages WHERE packageName = ?', [pkg.name]);
  db.run("INSERT INTO installed_packages (packageName, installedVersion, authorName, authorEmail, createdAt, updatedAt) VALUES (?, ?, ?, ?, STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW'), STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW'))", [pkg.name, pkg.version, pkg.authorName, pkg.authorEmail]);
  for (const row of pkg.rows) db.run('INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)', [row.name, row.type, row.latestVersion, pkg.name]);
});
db.close((error) => { if (error) { console.error(error.message); process.exit(1); } });
`;
		const payload = JSON.stringify({
			name: manifest.name,
			version: manifest.version,
			authorName: author.name ?? null,
			authorEmail: author.email ?? null,
			rows,
		});
		// The rows only list the package in Settings → Community nodes; loading needs none, so a
		// PostgreSQL cell (queue mode) goes without them.
		if (this.usesSqlite()) {
			const db = spawnSync(
				this.runtime.node,
				['-e', script, this.sqlite3Module(), this.sqliteFile(), payload],
				{ encoding: 'utf8' },
			);
			if (db.status !== 0)
				throw new Error(`recording ${manifest.name} in installed_packages failed: ${db.stderr}`);
		}

		return {
			name: manifest.name,
			version: manifest.version,
			dir,
			nodeTypes: ours.map((type) => type.name),
			credentialTypes,
		};
	}

	// -------------------------------------------------------------------------------------------
	// Import

	/** Imports credentials (plain `data` is encrypted by n8n on import); returns their ids in order. */
	async importCredentials(credentials: CredentialInput[]): Promise<string[]> {
		const withIds = credentials.map((credential) => ({
			...credential,
			id: credential.id ?? n8nId(),
		}));
		const file = join(this.userFolder, 'import', `credentials-${Date.now()}.json`);
		mkdirSync(join(this.userFolder, 'import'), { recursive: true });
		writeFileSync(file, JSON.stringify(withIds, null, 2), 'utf8');
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
		const workflow = JSON.parse(JSON.stringify(original)) as WorkflowJson;
		workflow.id =
			options.id ??
			(typeof workflow.id === 'string' && /^[A-Za-z0-9]{1,36}$/.test(workflow.id)
				? workflow.id
				: n8nId());
		const credentialIds = options.credentialIds ?? {};
		for (const node of workflow.nodes) {
			for (const [type, reference] of Object.entries(node.credentials ?? {})) {
				const name = typeof reference === 'string' ? reference : reference?.name;
				if (name !== undefined && name in credentialIds)
					node.credentials![type] = { id: credentialIds[name]!, name };
			}
		}
		mkdirSync(join(this.userFolder, 'import'), { recursive: true });
		const file = join(this.userFolder, 'import', `${workflow.id}.json`);
		writeFileSync(file, JSON.stringify(workflow, null, 2), 'utf8');
		await this.cliOk(
			['import:workflow', `--input=${file}`],
			`import:workflow ${typeof source === 'string' ? basename(source) : workflow.name}`,
		);
		return { id: workflow.id, name: String(workflow.name ?? workflow.id), workflow, file };
	}

	/** Publishes (activates) a workflow so `start` registers its webhooks (`update:workflow --active` before n8n 2.x). */
	async publishWorkflow(id: string): Promise<void> {
		const args =
			this.runtime.major >= 2
				? ['publish:workflow', `--id=${id}`]
				: ['update:workflow', `--id=${id}`, '--active=true'];
		await this.cliOk(args, `${args[0]} ${id}`);
	}

	// -------------------------------------------------------------------------------------------
	// Run

	/** `n8n execute --id=<id> --rawOutput`, with the run parsed from its output. */
	async execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			...options,
			env: executeEnv(this.runtime.n8nVersion),
		});
		const run = parseExecuteOutput(result.stdout);
		let problem: string | undefined;
		if (result.timedOut) problem = `timed out after ${options.timeoutMs ?? 15 * 60_000} ms`;
		else if (!run) problem = `no run data in the output (exit ${result.code ?? result.signal})`;
		else if (run.data.resultData.error) {
			const error = run.data.resultData.error;
			problem = `${error.node?.name ? `${error.node.name}: ` : ''}${error.message ?? 'error'}${error.description ? ` (${error.description})` : ''}`;
		} else if (result.code !== 0) problem = `exit ${result.code ?? result.signal}`;
		else if (run.status && run.status !== 'success') problem = `status ${run.status}`;
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
		const logStream = createWriteStream(logFile);
		const started = Date.now();
		const child: ChildProcess = spawn(this.runtime.node, [this.runtime.n8nBin, command], {
			cwd: this.userFolder,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const pid = child.pid;
		if (!pid) throw new Error('n8n start did not spawn');
		liveGroups.add(pid);
		let output = '';
		let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			logStream.write(chunk);
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		const closed = new Promise<void>((resolve) => {
			child.on('close', (code, signal) => {
				exited = { code, signal };
				liveGroups.delete(pid);
				logStream.end();
				resolve();
			});
		});
		const baseUrl = `http://127.0.0.1:${port}`;
		const stop = async () => {
			if (!exited) {
				killGroup(pid, 'SIGTERM');
				const timeout = new Promise<void>((resolve) => setTimeout(resolve, 20_000).unref());
				await Promise.race([closed, timeout]);
			}
			killGroup(pid, 'SIGKILL'); // the runner child too, and n8n if it ignored SIGTERM
			await Promise.race([
				closed,
				new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref()),
			]);
			liveGroups.delete(pid);
			this.servers.delete(server);
		};
		const server: N8nServer = {
			baseUrl,
			port,
			pid,
			startMs: 0,
			webhookUrl: (path: string) => `${baseUrl}/webhook/${path.replace(/^\/+/, '')}`,
			waitForWebhook: async (path: string, method = 'POST', timeoutMs = 60_000) => {
				const url = `${baseUrl}/webhook/${path.replace(/^\/+/, '')}`;
				const begun = Date.now();
				for (;;) {
					if (exited)
						throw new Error(`n8n exited while waiting for webhook ${path}:\n${tail(output)}`);
					const allowed = await fetch(url, {
						method: 'OPTIONS',
						headers: {
							origin: 'http://127.0.0.1',
							'access-control-request-method': method.toUpperCase(),
						},
					}).then(
						(response) =>
							response.status === 204
								? (response.headers.get('access-control-allow-methods') ?? '')
								: '',
						() => '',
					);
					if (allowed.split(/\s*,\s*/).includes(method.toUpperCase())) return Date.now() - begun;
					if (Date.now() - begun > timeoutMs)
						throw new Error(
							`webhook ${method} ${path} not registered after ${timeoutMs} ms:\n${tail(output)}`,
						);
					await new Promise((resolveWait) => setTimeout(resolveWait, 200));
				}
			},
			output: () => output,
			stop,
		};
		this.servers.add(server);

		const deadline = started + (options.timeoutMs ?? 120_000);
		try {
			for (;;) {
				if (exited)
					throw new Error(
						`n8n ${command} exited early (${exited.code ?? exited.signal}):\n${tail(output)}`,
					);
				if (Date.now() > deadline)
					throw new Error(
						`n8n ${command} not ready after ${options.timeoutMs ?? 120_000} ms:\n${tail(output)}`,
					);
				if (output.includes(readyLine)) {
					if (command === 'worker') break;
					const health = await fetch(`${baseUrl}/healthz`).then(
						(response) => response.ok,
						() => false,
					);
					if (health) break;
				}
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
		} catch (error) {
			await stop();
			throw error;
		}
		server.startMs = Date.now() - started;
		this.say(
			`n8n ${command} ready${command === 'start' ? ` on ${baseUrl}` : ''} in ${server.startMs} ms (log: ${logFile})`,
		);
		return server;
	}

	// -------------------------------------------------------------------------------------------
	// Binary data and offline check

	/** Path of a filesystem-mode binary (id like "filesystem-v2:workflows/…/binary_data/<uuid>"). */
	binaryPath(binary: BinaryRef): string | undefined {
		if (!binary.id) return undefined;
		const relative = binary.id.replace(/^[a-z0-9-]+:/i, '');
		const direct = join(this.storagePath, relative);
		if (existsSync(direct)) return direct;
		// Fall back to a search by file name (layouts differ between n8n versions).
		const wanted = basename(relative);
		const stack = [this.storagePath, join(this.n8nFolder, 'binaryData')];
		while (stack.length > 0) {
			const folder = stack.pop()!;
			if (!existsSync(folder)) continue;
			for (const entry of readdirSync(folder, { withFileTypes: true })) {
				const path = join(folder, entry.name);
				if (entry.isDirectory()) stack.push(path);
				else if (entry.name === wanted) return path;
			}
		}
		return undefined;
	}

	binarySize(binary: BinaryRef): number | undefined {
		const path = this.binaryPath(binary);
		return path ? statSync(path).size : undefined;
	}

	/**
	 * The bytes of a binary where this instance stored them: a file (filesystem mode), a row of
	 * the `binary_data` table (database mode, SQLite), or inline base64 in the item (n8n's
	 * in-memory `default` mode). Undefined when they cannot be found.
	 */
	readBinary(binary: BinaryRef): Buffer | undefined {
		const id = String(binary.id ?? '');
		if (id === '')
			return typeof binary.data === 'string' && binary.data !== ''
				? Buffer.from(binary.data, 'base64')
				: undefined;
		if (id.startsWith('filesystem')) {
			const path = this.binaryPath(binary);
			return path ? readFileSync(path) : undefined;
		}
		if (id.startsWith('database:') && this.usesSqlite()) {
			const script = `
const sqlite3 = require(process.argv[1]);
const db = new sqlite3.Database(process.argv[2], sqlite3.OPEN_READONLY);
db.get('SELECT data FROM binary_data WHERE fileId = ?', [process.argv[3]], (error, row) => {
  if (error) { console.error(error.message); process.exit(1); }
  if (row) process.stdout.write(Buffer.from(row.data).toString('base64'));
  db.close();
});
`;
			const read = spawnSync(
				this.runtime.node,
				['-e', script, this.sqlite3Module(), this.sqliteFile(), id.slice('database:'.length)],
				{ encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 },
			);
			if (read.status !== 0)
				throw new Error(`reading ${id} from binary_data failed: ${read.stderr}`);
			return read.stdout === '' ? undefined : Buffer.from(read.stdout, 'base64');
		}
		return undefined;
	}

	/** Where this instance's binary data lives, for messages. */
	binaryStoreName(): string {
		const mode = this.env().N8N_DEFAULT_BINARY_DATA_MODE;
		if (mode === 'filesystem') return `the filesystem store (${this.storagePath})`;
		if (mode === 'database')
			return `the database's binary_data table (${this.usesSqlite() ? 'SQLite' : 'PostgreSQL'})`;
		return "the execution data (n8n's in-memory mode keeps binaries inline as base64)";
	}

	private usesSqlite(): boolean {
		return this.env().DB_TYPE === 'sqlite';
	}

	private sqliteFile(): string {
		return join(this.n8nFolder, 'database.sqlite');
	}

	private sqlite3Module(): string {
		return join(this.runtime.root, 'node_modules', 'sqlite3');
	}

	/** A module from the n8n install (e.g. `flatted`, which n8n stores execution data with). */
	requireFromN8n<T>(name: string): T {
		return createRequire(join(this.runtime.root, 'node_modules', 'n8n', 'package.json'))(name) as T;
	}

	/** Non-loopback hosts n8n tried to reach (recorded by test/e2e/outbound-guard.cjs). */
	outboundAttempts(): Array<{
		pid: number;
		kind: string;
		host: string;
		port?: number;
		stack: string;
	}> {
		if (!existsSync(this.outboundLog)) return [];
		return readFileSync(this.outboundLog, 'utf8')
			.split('\n')
			.filter((line) => line.trim() !== '')
			.map(
				(line) =>
					JSON.parse(line) as {
						pid: number;
						kind: string;
						host: string;
						port?: number;
						stack: string;
					},
			);
	}

	/** Stops servers still running and removes the user folder (unless kept). */
	async dispose(): Promise<void> {
		for (const server of [...this.servers]) await server.stop();
		if (this.keep) {
			this.say(`kept n8n user folder ${this.userFolder}`);
			return;
		}
		rmSync(this.userFolder, { recursive: true, force: true });
		foldersToRemove.delete(this.userFolder);
	}
}
