#!/usr/bin/env node
// Entry point of every npm script: installs the dev dependencies when a fresh clone has none
// (so `npm run demo` and `npm test` work as the first command typed), then runs the task.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [task, ...args] = process.argv.slice(2);

function run(command, commandArgs, options = {}) {
	const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
	if (result.error) throw result.error;
	return result.status ?? 1;
}

function installedLockIsCurrent() {
	const installed = join(root, 'node_modules', '.package-lock.json');
	if (!existsSync(installed)) return false;
	return statSync(installed).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs;
}

if (!installedLockIsCurrent()) {
	console.log('Installing dev dependencies (npm ci --ignore-scripts)…');
	// Lifecycle scripts stay off: eslint-plugin-n8n-nodes-base's preinstall demands pnpm, and nothing we use needs one.
	const status = run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund']);
	if (status !== 0) process.exit(status);
}

const tsTasks = {
	demo: 'scripts/demo.ts',
	simulator: 'simulator/cli.ts',
	e2e: 'scripts/e2e.ts',
	bench: 'scripts/bench.ts',
	build: 'scripts/build.ts',
	lint: 'scripts/lint.ts',
};

if (task === 'test') {
	process.exit(run(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...args]));
}
if (!(task in tsTasks)) {
	console.error(`Unknown task "${task}". Tasks: test, ${Object.keys(tsTasks).join(', ')}`);
	process.exit(2);
}
process.exit(run(process.execPath, ['--import', 'tsx', join(root, tsTasks[task]), ...args]));
