/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// The tarball half of `npm run lint` (eslint checks the sources, with inline config off as n8n's
// scanner has it, so an `eslint-disable` comment hides nothing): what `npm pack` would publish
// holds the compiled nodes and credentials that package.json declares with their icons, nothing
// from the repository's tooling, and code that needs no package at run time but n8n-workflow
// (n8n installs community packages without their devDependencies); and n8n's community package
// scanner finds nothing in it. Also that the simulator's package (packages/simulator), published
// in the same run, has the node's version and the dependency versions the lock installs here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { buildAndPack } from '../support/pack';

const root = join(__dirname, '..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));
const manifest = readJson('package.json') as {
	version: string;
	dependencies?: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
};

/** What @n8n/scan-community-package's scanner.mjs exports and we call (it ships no types). */
interface CommunityPackageScanner {
	analyzePackage(
		packageDir: string,
		filePatterns: string[],
	): Promise<{ passed: boolean; message?: string; details?: string }>;
}

function contentProblems(files: string[]): string[] {
	const problems: string[] = [];
	const allowedOutside = new Set(['package.json', 'README.md', 'LICENSE', 'index.js']);
	for (const file of files) {
		if (!file.startsWith('dist/') && !allowedOutside.has(file))
			problems.push(`${file} is published but is not part of the node`);
	}
	for (const declared of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		if (!files.includes(declared))
			problems.push(`package.json declares ${declared}, which is not in the package`);
	}
	if (!files.some((file) => /^dist\/nodes\/.+\.(svg|png)$/.test(file)))
		problems.push('the node has no icon in the package');
	if (Object.keys(manifest.dependencies ?? {}).length > 0)
		problems.push('package.json has runtime dependencies');
	for (const file of files.filter((name) => name.endsWith('.js'))) {
		const code = readFileSync(join(root, file), 'utf8');
		for (const [, name] of code.matchAll(/require\("([^"]+)"\)/g)) {
			if (!name.startsWith('.') && name !== 'n8n-workflow')
				problems.push(`${file} requires "${name}", which n8n does not provide`);
		}
	}
	return problems;
}

/**
 * sora-videos-simulator is published by the same tagged run as the node, so it carries the same
 * version, and it runs with the dependency versions the repository's tests ran it with.
 */
function simulatorPackageProblems(): string[] {
	const simulator = readJson('packages/simulator/package.json') as {
		version: string;
		dependencies: Record<string, string>;
	};
	const { packages: locked } = readJson('package-lock.json') as {
		packages: Record<string, { version?: string }>;
	};
	const problems: string[] = [];
	if (simulator.version !== manifest.version)
		problems.push(
			`packages/simulator/package.json has version ${simulator.version}, package.json ${manifest.version}: they are released together`,
		);
	for (const [name, version] of Object.entries(simulator.dependencies)) {
		const tested = locked[`node_modules/${name}`]?.version;
		if (version !== tested)
			problems.push(
				`sora-videos-simulator depends on ${name} ${version}, but the lock installs ${tested ?? 'none'}`,
			);
	}
	return problems;
}

/**
 * The analysis n8n's scanner makes of a published tarball before n8n verifies the package, run
 * offline on ours: its download and provenance steps need the package on the registry.
 */
async function scannerProblems(tarball: string, unpackInto: string): Promise<string[]> {
	mkdirSync(unpackInto);
	const untar = spawnSync('tar', ['-xzf', tarball, '-C', unpackInto, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (untar.status !== 0) return [`tar could not unpack the package: ${untar.stderr}`];
	const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	const scanner = (await import(pathToFileURL(scannerPath).href)) as CommunityPackageScanner;
	// Loading the scanner makes a scratch folder for its downloads; tmp removes it at exit only if asked.
	createRequire(scannerPath)('tmp').setGracefulCleanup();
	// The patterns the scanner applies to a tarball: compiled code and the manifest.
	const result = await scanner.analyzePackage(unpackInto, ['**/*.js', 'package.json']);
	if (result.passed) return [];
	return [`n8n's community package scanner: ${result.message}${result.details ?? ''}`];
}

async function main(): Promise<number> {
	const destination = mkdtempSync(join(tmpdir(), 'sora-pack-'));
	try {
		const { tarball, files } = buildAndPack(destination);
		const problems = [
			...contentProblems(files),
			...simulatorPackageProblems(),
			...(await scannerProblems(tarball, join(destination, 'package'))),
		];
		console.log(`package: ${files.length} files checked, ${problems.length} problem(s)`);
		for (const problem of problems) console.error(`  ${problem}`);
		return problems.length ? 1 : 0;
	} finally {
		rmSync(destination, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
