// The lint config of n8n's community-package verification scanner (@n8n/scan-community-package
// 0.32.0, `buildScanConfig()` in scanner/scanner.mjs), mirrored rule for rule:
//
//   @n8n/eslint-plugin-community-nodes 0.29.0 `recommended`
//   + `no-console: error`
//   + eslint-plugin-n8n-nodes-base 1.16.7: `community` rules on package.json, `credentials` rules
//     on credentials/**/*.ts, `nodes` rules on nodes/**/*.ts, with the scanner's five rules off
//   + @typescript-eslint/parser for *.ts and *.json (the package.json rules of both plugins walk
//     the ESTree ObjectExpression that this parser gives for a .json file; jsonc-eslint-parser's
//     JSON AST would make them silently no-op, so the scanner does not use it and neither do we).
//
// The scanner lints with `allowInlineConfig: false`, so `eslint-disable` comments hide nothing.
// `npm run lint` (scripts/lint.ts) does the same; on the command line pass `--no-inline-config`:
//
//   npx eslint --no-inline-config nodes credentials package.json
//
// The scanner applies this one config to two file sets, and so does scripts/lint.ts:
//   source:  package.json + {nodes,credentials}/**/*.{js,ts,json}
//   tarball: **/*.js + package.json of the `npm pack` output (compiled dist/, index.js)
// There are deliberately no ignores here (a `dist` ignore would blind the tarball leg); choose
// the files on the command line.
import { defineConfig } from 'eslint/config';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

export default defineConfig(
	n8nCommunityNodesPlugin.configs.recommended,
	{
		rules: { 'no-console': 'error' },
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Switched off by the scanner: not valid for community nodes
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// Switched off by the scanner: community-nodes' credential-password-field replaces it
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Switched off by the scanner: inputs/outputs may be NodeConnectionTypes.Main
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Switched off by the scanner: an API limit makes maxValue legitimate
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		files: ['**/*.json'],
		languageOptions: { parser: tsParser },
	},
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser },
	},
);
