/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_API_KEY, imageInfo } from '../../../simulator';
import { helpText } from '../../../simulator/cli-args';
import { buildAndPack, type PackedPackage, SIMULATOR_PACKAGE } from '../../../support/pack';

// The simulator's npm package (packages/simulator): built from simulator/ and packed as `npm
// publish` would, installed into an empty folder from the tarball alone, then started through its
// bin as `npx sora-videos-simulator` starts it, and asked what a user's first workflow asks.

const root = join(__dirname, '../../..');
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

/** Starts the installed bin and resolves with its Base URL once it says it is listening. */
function startBin(
	folder: string,
	args: string[],
): Promise<{ child: ChildProcess; baseUrl: string }> {
	const bin = join(folder, 'node_modules', '.bin', SIMULATOR_PACKAGE);
	const child = spawn(bin, args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
	return new Promise((resolve, reject) => {
		let output = '';
		const collect = (chunk: Buffer) => {
			output += chunk.toString();
			const listening = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)\n/.exec(output);
			if (listening) resolve({ child, baseUrl: listening[1] });
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`the bin exited ${code}:\n${output}`)));
	});
}

const auth = { authorization: `Bearer ${DEFAULT_API_KEY}` };

describe('sora-videos-simulator, packed and installed from its tarball', () => {
	let scratch = '';
	let packed: PackedPackage;
	let folder = '';
	let child: ChildProcess | undefined;

	beforeAll(() => {
		scratch = mkdtempSync(join(tmpdir(), 'sora-simulator-package-'));
		packed = buildAndPack(scratch, SIMULATOR_PACKAGE);
		folder = join(scratch, 'user');
		installFromTarball(packed.tarball, folder);
	}, 120000);

	afterAll(async () => {
		if (child && child.exitCode === null) {
			const exited = new Promise((resolve) => child?.once('exit', resolve));
			child.kill('SIGKILL');
			await exited;
		}
		rmSync(scratch, { recursive: true, force: true });
	});

	test('the tarball holds the compiled simulator, its OpenAPI file and licences, and no sources', () => {
		expect(packed.files).toEqual(
			expect.arrayContaining([
				'package.json',
				'README.md',
				'dist/cli.js',
				'dist/index.js',
				'dist/openapi/videos.openapi.json',
				'dist/openapi/LICENSE-openai-openapi.txt',
				'dist/LICENSE',
			]),
		);
		const stray = packed.files.filter(
			(file) => !(file.startsWith('dist/') || file === 'package.json' || file === 'README.md'),
		);
		expect(stray).toEqual([]);
		expect(packed.files.filter((file) => /\.(ts|map)$/.test(file))).toEqual([]);
	});

	test("its version is the node package's, its dependencies the ones the lock tests", () => {
		const manifest = readJson(join(folder, 'node_modules', SIMULATOR_PACKAGE, 'package.json'));
		expect(manifest.version).toBe(readJson(join(root, 'package.json')).version);
		expect(manifest.bin).toEqual({ [SIMULATOR_PACKAGE]: 'dist/cli.js' });
		for (const [name, version] of Object.entries(manifest.dependencies))
			expect(readJson(join(folder, 'node_modules', name, 'package.json')).version).toBe(version);
	});

	test("its bin takes npm run simulator's flags: --help is the same list", () => {
		const bin = join(folder, 'node_modules', '.bin', SIMULATOR_PACKAGE);
		const run = spawnSync(bin, ['--help'], { encoding: 'utf8', timeout: 30000 });
		expect(run.status).toBe(0);
		expect(run.stdout).toBe(helpText());
	});

	test('its bin starts a server that lists models, serves a sample and renders a video', async () => {
		const started = await startBin(folder, ['--port', '0', '--render-ms', '0', '--quiet']);
		child = started.child;
		const { baseUrl } = started;

		const models = await fetch(`${baseUrl}/models`, { headers: auth });
		expect(models.status).toBe(200);
		const { data } = (await models.json()) as { data: Array<{ id: string }> };
		expect(data.map((model) => model.id)).toContain('sora-2');
		expect((await fetch(`${baseUrl}/models`)).status).toBe(401);

		const sample = await fetch(`${baseUrl}/samples/reference-720x1280.png`);
		expect(sample.status).toBe(200);
		const png = Buffer.from(await sample.arrayBuffer());
		expect(imageInfo(png)).toEqual({ type: 'png', width: 720, height: 1280 });

		// A render through the dependency's ffmpeg: with --render-ms 0 the job is done when created.
		const created = await fetch(`${baseUrl}/videos`, {
			method: 'POST',
			headers: { ...auth, 'content-type': 'application/json' },
			body: JSON.stringify({ prompt: 'first ten minutes', size: '720x1280', seconds: '4' }),
		});
		const { id } = (await created.json()) as { id: string };
		const content = await fetch(`${baseUrl}/videos/${id}/content`, { headers: auth });
		expect(content.status).toBe(200);
		const mp4 = Buffer.from(await content.arrayBuffer());
		expect(mp4.toString('ascii', 4, 8)).toBe('ftyp');

		const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});
});
