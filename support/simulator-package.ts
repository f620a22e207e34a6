/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// The simulator as a user gets it (`npx sora-videos-simulator`): its npm package built and packed
// as `npm publish` would, installed into an empty folder from the tarball alone, offline, and its
// bin started. Used by the package's own test and by the editor test's first-video path.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildAndPack, type PackedPackage, SIMULATOR_PACKAGE } from './pack';

const root = join(__dirname, '..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

type LockEntry = {
	dependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	dev?: boolean;
	devOptional?: boolean;
};

/**
 * A lock file for a folder that depends on the tarball only, its dependencies as the repository's
 * lock has them. With it npm needs only the dependencies' tarballs, which `npm ci` keeps in npm's
 * cache by their integrity; without it, `npm install --offline <tarball>` first asks for each
 * dependency's full registry document, which npm's cache may not hold (it holds none after a
 * plain `npm ci`), and fails with ENOTCACHED.
 */
function lockFor(dependency: string) {
	const locked = readJson(join(root, 'package-lock.json')).packages as Record<string, LockEntry>;
	const workspace = locked['packages/simulator'];
	const packages: Record<string, unknown> = {
		'': { name: 'first-ten-minutes', dependencies: { [SIMULATOR_PACKAGE]: dependency } },
		[`node_modules/${SIMULATOR_PACKAGE}`]: { ...workspace, resolved: dependency },
	};
	const names = Object.keys(workspace.dependencies ?? {});
	// The list grows as the walk finds dependencies of dependencies.
	for (const name of names) {
		const key = `node_modules/${name}`;
		if (key in packages) continue;
		// Dev-only in the repository, a run-time dependency here.
		const entry = { ...locked[key] };
		delete entry.dev;
		delete entry.devOptional;
		packages[key] = entry;
		names.push(...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }));
	}
	return { name: 'first-ten-minutes', lockfileVersion: 3, requires: true, packages };
}

/** An empty folder with the packed simulator installed, offline and without install scripts. */
function installFromTarball(tarball: string, folder: string): void {
	mkdirSync(folder);
	const dependency = `file:${tarball}`;
	const manifest = { name: 'first-ten-minutes', dependencies: { [SIMULATOR_PACKAGE]: dependency } };
	writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest));
	writeFileSync(join(folder, 'package-lock.json'), JSON.stringify(lockFor(dependency)));
	const install = spawnSync('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit'], {
		cwd: folder,
		encoding: 'utf8',
	});
	if (install.status !== 0) throw new Error(`npm ci failed:\n${install.stdout}${install.stderr}`);
}

export interface InstalledSimulator {
	packed: PackedPackage;
	/** The folder it is installed in (node_modules/.bin/sora-videos-simulator). */
	folder: string;
}

/** Builds and packs the simulator's package into `scratch`, and installs it into `scratch`/user. */
export function installPackedSimulator(scratch: string): InstalledSimulator {
	const packed = buildAndPack(scratch, SIMULATOR_PACKAGE);
	const folder = join(scratch, 'user');
	installFromTarball(packed.tarball, folder);
	return { packed, folder };
}

export const simulatorBin = (folder: string) =>
	join(folder, 'node_modules', '.bin', SIMULATOR_PACKAGE);

export interface RunningBin {
	child: ChildProcess;
	baseUrl: string;
	/** Everything it printed so far (its banner, then a line per request unless `--quiet`). */
	output(): string;
	/** SIGTERM, then its exit code. */
	stop(): Promise<number | null>;
}

/** Starts the installed bin with `args`; resolves once it says where it listens. */
export function startSimulatorBin(folder: string, args: string[]): Promise<RunningBin> {
	const child = spawn(simulatorBin(folder), args, {
		cwd: folder,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		return await exited;
	};
	return new Promise((resolve, reject) => {
		const collect = (chunk: Buffer) => {
			output += chunk.toString();
			const listening = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)\n/.exec(output);
			if (listening) resolve({ child, baseUrl: listening[1]!, output: () => output, stop });
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`the bin exited ${code}:\n${output}`)));
	});
}
