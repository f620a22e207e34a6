#!/usr/bin/env node
// Installs the dev dependencies when a fresh clone has none (or the lock file changed since), so
// that `npm run demo` and `npm test` work as the first command typed. package.json runs it before
// the tools those scripts need.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const installed = join(root, 'node_modules', '.package-lock.json');
const current =
	existsSync(installed) &&
	statSync(installed).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs;

if (!current) {
	console.log('Installing dev dependencies (npm ci --ignore-scripts)…');
	// Lifecycle scripts stay off: eslint-plugin-n8n-nodes-base's preinstall demands pnpm, and nothing we use needs one.
	const result = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: root,
		stdio: 'inherit',
	});
	if (result.error) throw result.error;
	if (result.status !== 0) process.exit(result.status ?? 1);
}
