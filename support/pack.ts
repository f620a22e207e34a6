/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// Builds a package and packs it as `npm publish` would: the node, the one tarball that the e2e
// suite and the benchmarks install into a real n8n and that `npm run lint` inspects; or, named by
// its workspace, the simulator's package (packages/simulator), which its test installs and runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');

export interface PackedPackage {
	/** Absolute path of the .tgz. */
	tarball: string;
	/** Paths inside the package, as npm lists them. */
	files: string[];
}

/** The simulator's package: its npm name, which is also how npm's `--workspace` names it. */
export const SIMULATOR_PACKAGE = 'sora-videos-simulator';

export function buildAndPack(destination: string, workspace?: string): PackedPackage {
	const only = workspace ? ['--workspace', workspace] : [];
	const build = spawnSync('npm', ['run', '--silent', 'build', ...only], {
		cwd: root,
		stdio: 'inherit',
	});
	if (build.status !== 0) throw new Error(`npm run build exited ${build.status}`);
	const pack = spawnSync(
		'npm',
		['pack', ...only, '--pack-destination', destination, '--json', '--ignore-scripts'],
		{ cwd: root, encoding: 'utf8' },
	);
	if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
	// npm may print notices before the JSON.
	const [entry] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	if (!entry) throw new Error(`npm pack printed no file: ${pack.stdout}`);
	return {
		tarball: join(destination, entry.filename),
		files: entry.files.map((file) => file.path),
	};
}

/** Builds and packs into a temporary folder of its own, removed when this process exits. */
export function buildAndPackForThisRun(folderPrefix: string): PackedPackage {
	const destination = mkdtempSync(join(tmpdir(), folderPrefix));
	process.on('exit', () => rmSync(destination, { recursive: true, force: true }));
	return buildAndPack(destination);
}
