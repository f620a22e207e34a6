/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// Reads and writes an instance's SQLite database (n8n's default) from outside n8n: a short script
// run by n8n's own Node with n8n's own sqlite3 module, so nothing here needs a driver of its own.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

import type { N8nRuntime } from './runtime';

/**
 * Runs `script` (`node -e`) with n8n's sqlite3 module path as process.argv[1], the database file as
 * process.argv[2] and `args` after them.
 */
export function runSqliteScript(
	runtime: N8nRuntime,
	databaseFile: string,
	script: string,
	args: string[],
	options: { maxBuffer?: number } = {},
): SpawnSyncReturns<string> {
	const sqlite3 = join(runtime.root, 'node_modules', 'sqlite3');
	return spawnSync(runtime.node, ['-e', script, sqlite3, databaseFile, ...args], {
		encoding: 'utf8',
		...options,
	});
}
