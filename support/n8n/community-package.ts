/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, @typescript-eslint/no-unused-vars -- Node tooling, not published (DEVELOPERS.md) */
// Installs a packed community package (`npm pack` output) into an instance's user folder the way
// n8n's CommunityPackagesService does, then asks n8n which node types it loads.
//
// Facts about n8n 2.40.7 this relies on (read from its dist/, verified by running it): community
// packages load by directory scan only. The community-packages module's nodeLoaders() globs
// `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/n8n-nodes-*` (and `@*/n8n-nodes-*`) with n8n-core's
// scanDirectoryForPackages and types the nodes `<packageName>.<nodeName>`. No DB row is needed to
// load. The UI install also writes the ledger `.n8n/nodes/package.json` ({name:'installed-nodes',
// private:true, dependencies:{pkg: version}}) and rows in installed_packages/installed_nodes (for
// Settings → Community nodes). We do all three.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { tail, type CliResult } from './processes';
import { runSqliteScript } from './sqlite';
import type { N8nRuntime } from './runtime';

export interface InstalledPackage {
	name: string;
	version: string;
	dir: string;
	/** e.g. ['n8n-nodes-sora-videos.soraVideos', 'n8n-nodes-sora-videos.soraVideosTool'] */
	nodeTypes: string[];
	/** Credential type names the package declares (package.json n8n.credentials, by class). */
	credentialTypes: string[];
}

/** What of an instance the install needs. */
export interface PackageHost {
	runtime: N8nRuntime;
	userFolder: string;
	n8nFolder: string;
	/** The instance's SQLite database, or undefined when it runs on PostgreSQL. */
	sqliteFile: string | undefined;
	/** Runs `n8n <args>` and throws when it fails. */
	cliOk(args: string[], what: string): Promise<CliResult>;
	say(line: string): void;
}

interface Manifest {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	n8n?: { credentials?: string[] };
}

/** One node type as `n8n export:nodes` lists it. */
interface ExportedNodeType {
	name: string;
	displayName: string;
	version: number | number[];
	credentials?: Array<{ name: string }>;
}

const RECORD_INSTALLED_ROWS = `
const sqlite3 = require(process.argv[1]);
const db = new sqlite3.Database(process.argv[2]);
const pkg = JSON.parse(process.argv[3]);
db.serialize(() => {
  db.run('DELETE FROM installed_nodes WHERE package = ?', [pkg.name]);
  db.run('DELETE FROM installed_packages WHERE packageName = ?', [pkg.name]);
  db.run("INSERT INTO installed_packages (packageName, installedVersion, authorName, authorEmail, createdAt, updatedAt) VALUES (?, ?, ?, ?, STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW'), STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW'))", [pkg.name, pkg.version, pkg.authorName, pkg.authorEmail]);
  for (const row of pkg.rows) db.run('INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)', [row.name, row.type, row.latestVersion, pkg.name]);
});
db.close((error) => { if (error) { console.error(error.message); process.exit(1); } });
`;

/**
 * Installs a packed package the way n8n's CommunityPackagesService does: extract into
 * .n8n/nodes/node_modules/<name> (tar --strip-components=1), drop
 * devDependencies/peerDependencies/optionalDependencies from its package.json, install its
 * `dependencies` (none for this package; otherwise npm install --install-strategy=shallow
 * --ignore-scripts, as n8n does), record it in the .n8n/nodes/package.json ledger, then check
 * that n8n loads its node types and record it in installed_packages/installed_nodes.
 */
export async function installCommunityPackage(
	host: PackageHost,
	tarball: string,
): Promise<InstalledPackage> {
	const manifest = readManifest(tarball);
	const nodesDir = join(host.n8nFolder, 'nodes');
	const dir = join(nodesDir, 'node_modules', manifest.name);
	const kept = extractPackage(tarball, dir);
	installDependencies(host, manifest, dir);
	recordInLedger(nodesDir, manifest);
	const ours = await loadedNodeTypes(host, manifest.name, dir);
	const credentialTypes = [
		...new Set(
			ours.flatMap((type) => (type.credentials ?? []).map((credential) => credential.name)),
		),
	];
	// The rows only list the package in Settings → Community nodes; loading needs none, so a
	// PostgreSQL cell (queue mode) goes without them.
	if (host.sqliteFile)
		recordInstalledRows(host.runtime, host.sqliteFile, manifest, kept.author, ours);
	return {
		name: manifest.name,
		version: manifest.version,
		dir,
		nodeTypes: ours.map((type) => type.name),
		credentialTypes,
	};
}

function readManifest(tarball: string): Manifest {
	const listing = spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], {
		encoding: 'utf8',
	});
	if (listing.status !== 0)
		throw new Error(`cannot read package/package.json from ${tarball}: ${listing.stderr}`);
	return JSON.parse(listing.stdout) as Manifest;
}

/** Extracts the tarball into `dir` and returns its package.json without the dependencies n8n drops. */
function extractPackage(tarball: string, dir: string): Record<string, unknown> {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
	const packageJsonPath = join(dir, 'package.json');
	const {
		devDependencies: _dev,
		peerDependencies: _peer,
		optionalDependencies: _optional,
		...kept
	} = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as Record<string, unknown>;
	writeFileSync(packageJsonPath, JSON.stringify(kept, null, 2), 'utf8');
	return kept;
}

function installDependencies(host: PackageHost, manifest: Manifest, dir: string): void {
	if (!manifest.dependencies || Object.keys(manifest.dependencies).length === 0) return;
	host.say(
		`installing ${manifest.name}'s dependencies: ${Object.keys(manifest.dependencies).join(', ')}`,
	);
	const npm = spawnSync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: dir, encoding: 'utf8' },
	);
	if (npm.status !== 0) throw new Error(`npm install in ${dir} failed:\n${tail(npm.stderr)}`);
}

function recordInLedger(nodesDir: string, manifest: Manifest): void {
	const ledgerPath = join(nodesDir, 'package.json');
	let ledger: { name: string; private: boolean; dependencies: Record<string, string> } = {
		name: 'installed-nodes',
		private: true,
		dependencies: {},
	};
	try {
		const existing = JSON.parse(readFileSync(ledgerPath, 'utf8')) as typeof ledger;
		if (existing?.dependencies) ledger = existing;
	} catch {
		// new ledger
	}
	ledger.dependencies[manifest.name] = manifest.version;
	writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');
}

/** The package's node types n8n loads (asking also creates and migrates the database). */
async function loadedNodeTypes(
	host: PackageHost,
	packageName: string,
	dir: string,
): Promise<ExportedNodeType[]> {
	const typesFile = join(host.userFolder, 'node-types.json');
	const types = await exportNodeTypes(host, typesFile);
	const ours = types.filter((type) => type.name.startsWith(`${packageName}.`));
	if (ours.length === 0) {
		throw new Error(
			`n8n did not load any node type named ${packageName}.* from ${dir} (it loaded ${types.length} types)`,
		);
	}
	rmSync(typesFile, { force: true });
	return ours;
}

/**
 * `n8n export:nodes` writes its file through a stream it never waits for, and the command exits
 * when `run()` returns (n8n 2.40.7, dist/commands/export/nodes.js): on a busy machine the file
 * can be empty or cut short. Seen once in CI as "Unexpected end of JSON input". An incomplete
 * file is n8n's race, not an answer, so the export is run again (three tries at most).
 */
async function exportNodeTypes(host: PackageHost, typesFile: string): Promise<ExportedNodeType[]> {
	for (let attempt = 1; ; attempt++) {
		await host.cliOk(['export:nodes', `--output=${typesFile}`], 'export:nodes');
		const text = readFileSync(typesFile, 'utf8');
		try {
			return JSON.parse(text) as ExportedNodeType[];
		} catch (error) {
			if (attempt === 3)
				throw new Error(
					`n8n export:nodes wrote an incomplete file three times (${text.length} bytes): ${(error as Error).message}`,
				);
			host.say(`export:nodes wrote an incomplete file (${text.length} bytes); running it again`);
		}
	}
}

/** Same rows as CommunityPackagesService.persistInstalledPackage (listing in the UI). */
function recordInstalledRows(
	runtime: N8nRuntime,
	sqliteFile: string,
	manifest: Manifest,
	author: unknown,
	ours: ExportedNodeType[],
): void {
	const { name: authorName, email: authorEmail } = (author ?? {}) as {
		name?: string;
		email?: string;
	};
	const rows = ours
		.filter(
			(type) =>
				!type.name.endsWith('Tool') || !ours.some((other) => `${other.name}Tool` === type.name),
		)
		.map((type) => ({
			name: type.displayName,
			type: type.name,
			latestVersion: Array.isArray(type.version) ? Math.max(...type.version) : type.version,
		}));
	const payload = JSON.stringify({
		name: manifest.name,
		version: manifest.version,
		authorName: authorName ?? null,
		authorEmail: authorEmail ?? null,
		rows,
	});
	const db = runSqliteScript(runtime, sqliteFile, RECORD_INSTALLED_ROWS, [payload]);
	if (db.status !== 0)
		throw new Error(`recording ${manifest.name} in installed_packages failed: ${db.stderr}`);
}
