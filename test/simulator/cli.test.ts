/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FLAGS, helpText, parseCliArgs } from '../../simulator/cli-args';

// The CLI: every option has a flag, --help lists them all, values are parsed and checked.

const root = join(__dirname, '../..');

test('--help (through tsx, as npm run simulator runs it) lists every flag', () => {
	const run = spawnSync(
		process.execPath,
		['--import', 'tsx', join(root, 'simulator/cli.ts'), '--help'],
		{ cwd: root, encoding: 'utf8', timeout: 30000 },
	);
	expect(run.status).toBe(0);
	for (const flag of [
		'--port',
		'--key',
		'--render-ms',
		'--profile',
		'--fault-rate',
		'--fault-seed',
		'--fault-kinds',
		'--drop-create',
		'--poll-after-ms',
		'--content-redirect',
		'--content-failures',
		'--retired',
		'--video-bytes',
		'--asset-lifetime-s',
		'--moderation-marker',
		'--validate-requests',
		'--log-file',
		'--help',
	]) {
		expect(run.stdout).toContain(flag);
	}
	expect(run.stdout).toBe(helpText());
	for (const flag of FLAGS) expect(run.stdout).toContain(flag.name);
});

test('flags map onto options; the CLI defaults to port 4010', () => {
	expect(parseCliArgs([]).options).toEqual({ port: 4010 });
	const args = parseCliArgs([
		'--port=0',
		'--key',
		'sk-mine',
		'--profile',
		'litellm',
		'--render-ms',
		'500',
		'--fault-rate',
		'0.2',
		'--fault-kinds',
		'429,reset',
		'--drop-create',
		'--content-redirect',
		'--render-ahead',
		'--content-failures',
		'-1',
		'--retired',
		'410',
		'--video-bytes',
		'1000000',
		'--poll-after-ms',
		'2000',
		'--asset-lifetime-s',
		'60',
		'--validate-requests',
		'--log-file',
		'/tmp/x.jsonl',
	]);
	expect(args.options).toEqual({
		port: 0,
		apiKey: 'sk-mine',
		profile: 'litellm',
		renderMs: 500,
		faultRate: 0.2,
		faultKinds: ['429', 'reset'],
		dropCreateConnection: true,
		contentRedirect: true,
		renderAhead: true,
		contentFailures: -1,
		retired: '410',
		videoBytes: 1000000,
		pollAfterMs: 2000,
		assetLifetimeSeconds: 60,
		validateRequests: true,
		logFile: '/tmp/x.jsonl',
	});
});

test('bad flags and values are refused with a clear message', () => {
	expect(() => parseCliArgs(['--nope'])).toThrow(/Unknown flag '--nope'/);
	expect(() => parseCliArgs(['--render-ms', 'soon'])).toThrow(/expects a number/);
	expect(() => parseCliArgs(['--profile', 'azure'])).toThrow(/--profile must be one of/);
	expect(() => parseCliArgs(['--fault-kinds', '429,teapot'])).toThrow(/teapot/);
	expect(() => parseCliArgs(['--retired', '500'])).toThrow(/404 or 410/);
	expect(() => parseCliArgs(['--port'])).toThrow(/needs a value/);
	expect(() => parseCliArgs(['--content-failures', 'always'])).toThrow(/expects a number/);
});
