/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// `npm run test:e2e`: the package in real n8n over the e2e matrix (n8n versions × execution modes
// × binary data modes; docs/e2e.md). The driver lives in test/e2e/matrix.ts.
//
//   npm run test:e2e                        every cell
//   npm run test:e2e -- --cell queue        cells whose name contains "queue" (repeatable; --list shows them)
//   npm run test:e2e -- --only batch        workflows whose file name contains "batch" (repeatable)
//   npm run test:e2e -- --keep              keep the n8n user folders (or SORA_E2E_KEEP=1)
//   npm run test:e2e -- --workflow a.json   also run this workflow file in the regular-mode cells
//   SORA_E2E_RENDER_MS=3000                 simulator render time (default 2000)
//   SORA_N8N_CACHE=/path                    where n8n versions are installed (default ~/.cache/n8n-nodes-sora-videos)
import { resolve } from 'node:path';

import { CELLS, type MatrixOptions } from './cells';
import { runMatrix } from './matrix';
import { printHelpAndExit, refuseArgument } from '../../support/cli-arguments';

const options: MatrixOptions = {
	cells: [],
	only: [],
	extraWorkflows: [],
	keep: process.env.SORA_E2E_KEEP === '1',
	renderMs: Number(process.env.SORA_E2E_RENDER_MS ?? 2000),
};
const argv = process.argv.slice(2);
const valueOf = (arg: string, flag: string, index: number): string | undefined =>
	arg === flag
		? argv[index + 1]
		: arg.startsWith(`${flag}=`)
			? arg.slice(flag.length + 1)
			: undefined;
for (let i = 0; i < argv.length; i++) {
	const arg = argv[i]!;
	const cell = valueOf(arg, '--cell', i);
	const only = valueOf(arg, '--only', i);
	const workflow = valueOf(arg, '--workflow', i);
	if (cell !== undefined) options.cells.push(cell);
	else if (only !== undefined) options.only.push(only);
	else if (workflow !== undefined) options.extraWorkflows.push(resolve(workflow));
	else if (arg === '--keep') options.keep = true;
	else if (arg === '--list') {
		for (const entry of CELLS) console.log(entry.name);
		process.exit(0);
	} else if (arg === '--help' || arg === '-h') printHelpAndExit(__filename);
	else refuseArgument(arg);
	if (!arg.includes('=') && arg !== '--keep') i++;
}

runMatrix(options).then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(`\nFAIL  ${error.message}`);
		process.exit(1);
	},
);
