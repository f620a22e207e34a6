/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// This package's node and credential for a script that wants the published code: built when
// dist/ is missing or older than its sources, then loaded from dist/ as n8n loads it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { loadPackage, type PackageTypes } from './package-types';
import { ROOT } from './workflow-files';

function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** Whether every file package.json → n8n lists is built and newer than nodes/, credentials/ and package.json. */
function distIsCurrent(): boolean {
	const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const built = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file) =>
		join(ROOT, file),
	);
	if (built.some((file) => !existsSync(file))) return false;
	const oldestBuilt = Math.min(...built.map((file) => statSync(file).mtimeMs));
	const sources = Math.max(
		newestMtime(join(ROOT, 'nodes')),
		newestMtime(join(ROOT, 'credentials')),
		newestMtime(join(ROOT, 'package.json')),
	);
	return oldestBuilt >= sources;
}

/** Builds when needed and loads from dist/; falls back to the TypeScript sources if the build fails. */
export function loadBuiltPackage(say: (line: string) => void): PackageTypes {
	if (distIsCurrent()) {
		say('dist/ is up to date: loading the node and credential from dist/');
		return loadPackage('dist');
	}
	say('Building the package (npm run build)…');
	const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
	if (build.status === 0 && distIsCurrent()) {
		say('Built: loading the node and credential from dist/');
		return loadPackage('dist');
	}
	const output = `${build.stdout ?? ''}${build.stderr ?? ''}`
		.trim()
		.split('\n')
		.slice(-15)
		.join('\n');
	console.warn(
		`⚠ npm run build failed (${build.status ?? build.error?.message}); running the TypeScript sources instead.\n${output}`,
	);
	return loadPackage('source');
}
