/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_API_KEY, imageInfo } from '../../../simulator';
import { helpText } from '../../../simulator/cli-args';
import { type PackedPackage, SIMULATOR_PACKAGE } from '../../../support/pack';
import {
	installPackedSimulator,
	type RunningBin,
	simulatorBin,
	startSimulatorBin,
} from '../../../support/simulator-package';

// The simulator's npm package (packages/simulator): built from simulator/ and packed as `npm
// publish` would, installed into an empty folder from the tarball alone, then started through its
// bin as `npx sora-videos-simulator` starts it, and asked what a user's first workflow asks.

const root = join(__dirname, '../../..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

const auth = { authorization: `Bearer ${DEFAULT_API_KEY}` };

describe('sora-videos-simulator, packed and installed from its tarball', () => {
	let scratch = '';
	let packed: PackedPackage;
	let folder = '';
	let running: RunningBin | undefined;

	beforeAll(() => {
		scratch = mkdtempSync(join(tmpdir(), 'sora-simulator-package-'));
		({ packed, folder } = installPackedSimulator(scratch));
	}, 120000);

	afterAll(async () => {
		if (running?.child.exitCode === null) {
			running.child.kill('SIGKILL');
			await running.stop();
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
		const run = spawnSync(simulatorBin(folder), ['--help'], { encoding: 'utf8', timeout: 30000 });
		expect(run.status).toBe(0);
		expect(run.stdout).toBe(helpText());
	});

	test('its bin starts a server that lists models, serves a sample and renders a video', async () => {
		running = await startSimulatorBin(folder, ['--port', '0', '--render-ms', '0', '--quiet']);
		const { baseUrl } = running;

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

		expect(await running.stop()).toBe(0);
	});
});
