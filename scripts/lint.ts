// `npm run lint`: n8n's community-node rules, applied the way the verification scanner
// (@n8n/scan-community-package 0.32.0) applies them. The rules live in eslint.config.mjs; this
// script chooses the files, exactly as the scanner does, and runs two legs with that one config:
//
//   source   package.json + {nodes,credentials}/**/*.{js,ts,json} of this checkout
//   tarball  **/*.js + package.json of what `npm pack` would publish (compiled dist/, index.js);
//            dist/ is rebuilt first when it is missing or older than its sources
//
// Inline config is off (`allowInlineConfig: false`), so `eslint-disable` comments hide nothing.
// Before linting, the script proves the config is real: it checks the rule set computed for each
// kind of file against the plugins' own rule lists, and lints deliberately bad fixtures in a
// temporary folder (deleted afterwards), requiring every expected rule to fire despite
// `eslint-disable` comments, and the scanner's switched-off rules to stay silent.
//
// Output: `file:line:column  severity  rule  message`. Exit 1 on any error-severity result
// (warnings are printed and pass), 2 when the lint setup itself is broken.
//
// Flags: --source-only (skip the tarball leg), --no-build (fail instead of rebuilding a stale
// dist/), --print-config (print the active rules per kind of file and exit).
import { ESLint, type Linter } from 'eslint';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

const root = join(__dirname, '..');
const configFile = join(root, 'eslint.config.mjs');
const args = new Set(process.argv.slice(2));

// The scanner's file selection (scanner.mjs: SOURCE_FILE_PATTERNS and the tarball leg's globs).
const SOURCE_DIRS = ['nodes', 'credentials'];
const SOURCE_EXTENSIONS = ['.js', '.ts', '.json'];

// The scanner switches these n8n-nodes-base rules off; they must be off here too.
const SWITCHED_OFF = {
	credentials: [
		'n8n-nodes-base/cred-class-field-documentation-url-miscased',
		'n8n-nodes-base/cred-class-field-type-options-password-missing',
	],
	nodes: [
		'n8n-nodes-base/node-class-description-inputs-wrong-regular-node',
		'n8n-nodes-base/node-class-description-outputs-wrong',
		'n8n-nodes-base/node-param-type-options-max-value-present',
	],
};

class SetupError extends Error {}

function toPosix(path: string): string {
	return path.split(sep).join('/');
}

function walk(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
	if (!existsSync(dir)) return out;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.name === 'node_modules') continue;
		const full = join(dir, entry.name);
		if (entry.isDirectory()) walk(full, keep, out);
		else if (entry.isFile() && keep(full)) out.push(full);
	}
	return out.sort();
}

function newEslint(cwd: string): ESLint {
	// Same options as the scanner's `new ESLint(...)`, with the config read from eslint.config.mjs.
	return new ESLint({ cwd, overrideConfigFile: configFile, allowInlineConfig: false });
}

function severityOf(entry: Linter.RuleEntry | undefined): 0 | 1 | 2 {
	const level = Array.isArray(entry) ? entry[0] : entry;
	if (level === 'error' || level === 2) return 2;
	if (level === 'warn' || level === 1) return 1;
	return 0;
}

interface Finding {
	file: string;
	line: number;
	column: number;
	severity: 1 | 2;
	rule: string;
	message: string;
}

function findingsOf(results: ESLint.LintResult[], base: string): Finding[] {
	const findings: Finding[] = [];
	for (const result of results) {
		for (const message of result.messages) {
			findings.push({
				file: toPosix(relative(base, result.filePath)),
				line: message.line ?? 0,
				column: message.column ?? 0,
				// A file the config ignores was not linted: for a file we chose to lint, that is a failure.
				severity: message.fatal || /File ignored/.test(message.message) ? 2 : (message.severity as 1 | 2),
				rule: message.ruleId ?? (message.fatal ? 'parse-error' : 'eslint'),
				message: message.message.replace(/\s+/g, ' ').trim(),
			});
		}
	}
	return findings;
}

function print(label: string, files: number, findings: Finding[]): void {
	const errors = findings.filter((f) => f.severity === 2).length;
	const warnings = findings.length - errors;
	console.log(`\n${label}: ${files} files, ${errors} error(s), ${warnings} warning(s)`);
	for (const f of findings) {
		console.log(`  ${f.file}:${f.line}:${f.column}  ${f.severity === 2 ? 'error' : 'warn '}  ${f.rule}  ${f.message}`);
	}
}

// ---------------------------------------------------------------------------------------------
// Proof 1: the rule set ESLint computes for each kind of file equals the scanner's.

interface Plugins {
	recommended: Record<string, Linter.RuleEntry>;
	base: Record<'community' | 'credentials' | 'nodes', Record<string, Linter.RuleEntry>>;
}

async function loadPlugins(): Promise<Plugins> {
	// Imported from the same node_modules that eslint.config.mjs resolves against (names held in
	// variables: neither package ships types for this use).
	type RuleSet = { rules: Record<string, Linter.RuleEntry> };
	const communityName = '@n8n/eslint-plugin-community-nodes';
	const baseName = 'eslint-plugin-n8n-nodes-base';
	const community = (await import(communityName)) as { n8nCommunityNodesPlugin: { configs: { recommended: RuleSet } } };
	const baseModule = (await import(baseName)) as { configs?: Record<string, RuleSet>; default?: { configs: Record<string, RuleSet> } };
	const configs = baseModule.configs ?? baseModule.default?.configs;
	if (!configs?.community || !configs.credentials || !configs.nodes) throw new SetupError(`${baseName} exposes no community/credentials/nodes configs`);
	return {
		recommended: community.n8nCommunityNodesPlugin.configs.recommended.rules,
		base: { community: configs.community.rules, credentials: configs.credentials.rules, nodes: configs.nodes.rules },
	};
}

function expectedRules(plugins: Plugins, kind: 'package' | 'credentials' | 'nodes' | 'js'): Map<string, 0 | 1 | 2> {
	const expected = new Map<string, 0 | 1 | 2>();
	for (const [rule, entry] of Object.entries(plugins.recommended)) expected.set(rule, severityOf(entry));
	expected.set('no-console', 2);
	const set = kind === 'package' ? plugins.base.community : kind === 'credentials' ? plugins.base.credentials : kind === 'nodes' ? plugins.base.nodes : {};
	for (const [rule, entry] of Object.entries(set)) expected.set(rule, severityOf(entry));
	if (kind === 'credentials' || kind === 'nodes') for (const rule of SWITCHED_OFF[kind]) expected.set(rule, 0);
	return expected;
}

async function activeRules(eslint: ESLint, file: string): Promise<{ rules: Map<string, 0 | 1 | 2>; parser: string }> {
	const config = (await eslint.calculateConfigForFile(file)) as Linter.Config | undefined;
	if (!config) throw new SetupError(`eslint.config.mjs does not apply to ${file}`);
	const rules = new Map<string, 0 | 1 | 2>();
	for (const [rule, entry] of Object.entries(config.rules ?? {})) rules.set(rule, severityOf(entry));
	const parser = config.languageOptions?.parser as { meta?: { name?: string } } | undefined;
	return { rules, parser: parser?.meta?.name ?? 'espree' };
}

const PROBES: Array<{ kind: 'package' | 'credentials' | 'nodes' | 'js'; file: string; parser: string }> = [
	{ kind: 'package', file: 'package.json', parser: 'typescript-eslint/parser' },
	{ kind: 'credentials', file: 'credentials/ProbeApi.credentials.ts', parser: 'typescript-eslint/parser' },
	{ kind: 'nodes', file: 'nodes/Probe/Probe.node.ts', parser: 'typescript-eslint/parser' },
	{ kind: 'js', file: 'dist/nodes/Probe/Probe.node.js', parser: 'espree' },
];

async function checkConfig(plugins: Plugins, printConfig: boolean): Promise<void> {
	const eslint = newEslint(root);
	const problems: string[] = [];
	for (const probe of PROBES) {
		const { rules, parser } = await activeRules(eslint, join(root, probe.file));
		const expected = expectedRules(plugins, probe.kind);
		for (const [rule, severity] of expected) {
			const actual = rules.get(rule) ?? 0;
			if (actual !== severity) problems.push(`${probe.file}: ${rule} is ${actual}, the scanner has ${severity}`);
		}
		for (const [rule, severity] of rules) {
			if (severity > 0 && !expected.has(rule)) problems.push(`${probe.file}: ${rule} is on, the scanner does not have it`);
		}
		if (parser !== probe.parser) problems.push(`${probe.file}: parsed by ${parser}, the scanner uses ${probe.parser}`);
		const on = [...rules].filter(([, s]) => s > 0);
		const off = [...expected].filter(([, s]) => s === 0).map(([r]) => r);
		console.log(
			`config ${probe.kind.padEnd(11)} (${probe.file}): ${on.filter(([, s]) => s === 2).length} rules at error, ` +
				`${on.filter(([, s]) => s === 1).length} at warn, parser ${parser}` +
				(off.length ? `; off as in the scanner: ${off.map((r) => r.replace('n8n-nodes-base/', '')).join(', ')}` : ''),
		);
		if (printConfig) for (const [rule, s] of on.sort()) console.log(`    ${s === 2 ? 'error' : 'warn '}  ${rule}`);
	}
	if (problems.length) throw new SetupError(`eslint.config.mjs differs from the scanner's config:\n  ${problems.join('\n  ')}`);
}

// ---------------------------------------------------------------------------------------------
// Proof 2: deliberate violations, hidden behind eslint-disable comments, are all reported.

const FIXTURE: Record<string, string> = {
	'package.json': JSON.stringify(
		{
			name: 'lint-probe',
			version: '0.0.1',
			description: 'Lint self-test probe',
			license: 'ISC',
			author: { name: 'Probe', email: 'probe@example.org' },
			scripts: { postinstall: 'node install.js' },
			dependencies: { axios: '1.0.0' },
			n8n: {
				n8nNodesApiVersion: 1,
				credentials: ['dist/credentials/ProbeApi.credentials.js'],
				nodes: ['dist/nodes/Probe/Probe.node.js'],
			},
		},
		null,
		2,
	),
	'credentials/ProbeApi.credentials.ts': `/* eslint-disable */
import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class ProbeApi implements ICredentialType {
	name = 'probeApi';
	displayName = 'Probe API';
	documentationUrl = 'https://example.org/DOCS';
	icon = 'file:probe.svg' as const;
	properties: INodeProperties[] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', default: '' },
	];
}
`,
	'credentials/probe.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
	'nodes/Probe/probe.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
	'nodes/Probe/Probe.node.ts': `/* eslint-disable */
// eslint-disable-next-line
import { readFileSync } from 'fs';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

export class Probe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: 'probe',
		icon: 'file:probe.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["mode"]}}',
		description: 'Lint self-test probe',
		defaults: { name: 'Probe' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'probeApi', required: true }],
		properties: [
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Zulu', value: 'zulu' },
					{ name: 'Alpha', value: 'alpha' },
					{ name: 'Mike', value: 'mike' },
					{ name: 'Bravo', value: 'bravo' },
					{ name: 'Echo', value: 'echo' },
				],
				default: 'zulu',
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 50,
				description: 'Max number of results to return',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		for (let i = 0; i < this.getInputData().length; i++) {
			console.log('probe', readFileSync);
			await new Promise((resolve) => setTimeout(resolve, 10)); // eslint-disable-line
			return [[{ json: { ok: true } }]];
		}
	}
}
`,
	'dist/nodes/Probe/Probe.node.js': `"use strict";
/* eslint-disable */
Object.defineProperty(exports, "__esModule", { value: true });
const fs = require("fs");
console.log(fs);
setTimeout(() => undefined, 10);
`,
};

// Rules each fixture file must trigger (at error), and rules that must stay silent there.
const FIXTURE_EXPECT: Record<string, { fire: string[]; silent?: string[] }> = {
	'package.json': {
		fire: [
			'@n8n/community-nodes/package-name-convention',
			'@n8n/community-nodes/no-runtime-dependencies',
			'@n8n/community-nodes/no-forbidden-lifecycle-scripts',
			'n8n-nodes-base/community-package-json-keywords-missing',
			'n8n-nodes-base/community-package-json-license-not-default',
		],
	},
	'credentials/ProbeApi.credentials.ts': {
		fire: ['@n8n/community-nodes/credential-password-field', '@n8n/community-nodes/credential-test-required'],
		silent: SWITCHED_OFF.credentials,
	},
	'nodes/Probe/Probe.node.ts': {
		fire: [
			'no-console',
			'@n8n/community-nodes/no-restricted-globals',
			'@n8n/community-nodes/no-restricted-imports',
			'@n8n/community-nodes/missing-paired-item',
			'@n8n/community-nodes/node-connection-type-literal',
			'n8n-nodes-base/node-param-options-type-unsorted-items',
			'n8n-nodes-base/node-execute-block-missing-continue-on-fail',
		],
		silent: SWITCHED_OFF.nodes,
	},
	'dist/nodes/Probe/Probe.node.js': {
		fire: ['no-console', '@n8n/community-nodes/no-restricted-globals', '@n8n/community-nodes/no-restricted-imports'],
	},
};

async function selfTest(): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-lint-selftest-'));
	try {
		for (const [file, text] of Object.entries(FIXTURE)) {
			mkdirSync(dirname(join(dir, file)), { recursive: true });
			writeFileSync(join(dir, file), text);
		}
		const results = await newEslint(dir).lintFiles(Object.keys(FIXTURE).filter((f) => !f.endsWith('.svg')).map((f) => join(dir, f)));
		const findings = findingsOf(results, dir);
		const problems: string[] = [];
		let fired = 0;
		for (const [file, { fire, silent = [] }] of Object.entries(FIXTURE_EXPECT)) {
			const rules = new Set(findings.filter((f) => f.file === file && f.severity === 2).map((f) => f.rule));
			for (const rule of fire) {
				if (rules.has(rule)) fired++;
				else problems.push(`${file}: expected ${rule} to report the deliberate violation (behind eslint-disable), it did not`);
			}
			for (const rule of silent) if (rules.has(rule)) problems.push(`${file}: ${rule} reported, but the scanner switches it off`);
			for (const parseError of findings.filter((f) => f.file === file && f.rule === 'parse-error')) {
				problems.push(`${file}: ${parseError.message}`);
			}
		}
		// Contrast: with inline config allowed, the fixture's eslint-disable comments hide these
		// very violations, so it is `allowInlineConfig: false` that makes them visible above.
		const permissive = new ESLint({ cwd: dir, overrideConfigFile: configFile, allowInlineConfig: true });
		const hidden = findingsOf(await permissive.lintFiles([join(dir, 'nodes/Probe/Probe.node.ts')]), dir);
		const leaked = hidden.filter((f) => FIXTURE_EXPECT['nodes/Probe/Probe.node.ts'].fire.includes(f.rule));
		if (leaked.length) problems.push(`nodes/Probe/Probe.node.ts: its eslint-disable comments do not hide ${leaked.map((f) => f.rule).join(', ')}; the fixture proves nothing about inline config`);
		if (problems.length) throw new SetupError(`lint self-test failed:\n  ${problems.join('\n  ')}`);
		console.log(
			`self-test: ${fired} deliberate violations in a temporary fixture all reported although eslint-disable ` +
				`comments hide them when inline config is allowed; the scanner's 5 switched-off rules silent`,
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------------------------
// The two legs.

async function lintSource(): Promise<Finding[]> {
	const files = [
		join(root, 'package.json'),
		...SOURCE_DIRS.flatMap((dir) => walk(join(root, dir), (f) => SOURCE_EXTENSIONS.some((ext) => f.endsWith(ext)))),
	];
	const findings = findingsOf(await newEslint(root).lintFiles(files), root);
	print('source (package.json, nodes/, credentials/)', files.length, findings);
	return findings;
}

function staleOutputs(): string[] {
	// Each source file against its counterpart in dist/ (.ts -> .js; icons and codex JSON copied
	// as they are). gulp copies an icon with its source's mtime, truncated to milliseconds, so only
	// "older than its source by more than 1 ms" counts.
	const stale: string[] = [];
	const oldestJs: number[] = [];
	const built = (f: string) => /\.(ts|json|svg|png)$/.test(f) && !f.endsWith('.d.ts');
	for (const source of SOURCE_DIRS.flatMap((dir) => walk(join(root, dir), built))) {
		const rel = relative(root, source);
		const output = join(root, 'dist', rel.endsWith('.ts') ? rel.replace(/\.ts$/, '.js') : rel);
		if (!existsSync(output) || statSync(output).mtimeMs + 1 < statSync(source).mtimeMs) stale.push(toPosix(rel));
		else if (output.endsWith('.js')) oldestJs.push(statSync(output).mtimeMs);
	}
	const tsconfig = join(root, 'tsconfig.json');
	if (oldestJs.length && statSync(tsconfig).mtimeMs > Math.min(...oldestJs)) stale.push('tsconfig.json');
	return stale;
}

function ensureBuild(): void {
	const stale = staleOutputs();
	if (!stale.length) return;
	const what = `dist/ is missing or older than ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ` and ${stale.length - 3} more` : ''}`;
	if (args.has('--no-build')) throw new SetupError(`${what}: run \`npm run build\``);
	console.log(`\n${what}: building (scripts/build.ts)…`);
	const built = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build.ts')], { cwd: root, stdio: 'inherit' });
	if (built.status !== 0) throw new SetupError('build failed; the tarball leg needs a fresh dist/');
	const still = staleOutputs();
	if (still.length) throw new SetupError(`after the build, dist/ still lacks or predates: ${still.join(', ')}`);
}

async function lintTarball(): Promise<Finding[]> {
	ensureBuild();
	const dir = mkdtempSync(join(tmpdir(), 'n8n-lint-tarball-'));
	try {
		// What the scanner downloads is `npm pack` output; pack this checkout the same way.
		const packed = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
			cwd: root,
			encoding: 'utf8',
		});
		if (packed.status !== 0) throw new SetupError(`npm pack failed:\n${packed.stderr}`);
		const [{ filename }] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
		const packageDir = join(dir, 'package');
		const untar = spawnSync('tar', ['-xzf', join(dir, filename.replace(/^.*\//, '')), '-C', dir], { encoding: 'utf8' });
		if (untar.status !== 0) throw new SetupError(`tar failed:\n${untar.stderr}`);
		// The scanner's tarball globs: `**/*.js` and the top-level `package.json`.
		const files = [...walk(packageDir, (f) => f.endsWith('.js')), join(packageDir, 'package.json')];
		const findings = findingsOf(await newEslint(packageDir).lintFiles(files), packageDir);
		print('tarball (npm pack: **/*.js + package.json)', files.length, findings);
		return findings;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function main(): Promise<number> {
	const plugins = await loadPlugins();
	await checkConfig(plugins, args.has('--print-config'));
	if (args.has('--print-config')) return 0;
	await selfTest();

	const findings = [...(await lintSource()), ...(args.has('--source-only') ? [] : await lintTarball())];
	const errors = findings.filter((f) => f.severity === 2).length;
	const warnings = findings.length - errors;
	console.log(
		errors
			? `\nlint: FAILED with ${errors} error(s) and ${warnings} warning(s) (the verification scanner would reject this package)`
			: `\nlint: passed (${warnings} warning(s); warnings do not fail the scanner)`,
	);
	return errors ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`\nlint: ${error instanceof SetupError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
		process.exit(2);
	},
);
