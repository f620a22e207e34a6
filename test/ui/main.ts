/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// `npm run test:ui`: the package in the real n8n editor, in Debian's Chromium (docs/e2e.md,
// "Editor test"). The test lives in test/ui/editor.ts.
//
//   npm run test:ui                       run it; screenshots go to docs/images/
//   npm run test:ui -- --screenshots DIR  put the screenshots elsewhere
//   npm run test:ui -- --keep             keep the n8n user folder (or SORA_E2E_KEEP=1)
import { resolve } from 'node:path';

import { runEditorTest, type EditorTestOptions } from './editor';

const options: EditorTestOptions = {
	screenshots: resolve(__dirname, '..', '..', 'docs', 'images'),
	keep: process.env.SORA_E2E_KEEP === '1',
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
	if (argv[i] === '--keep') options.keep = true;
	else if (argv[i] === '--screenshots' && argv[i + 1]) options.screenshots = resolve(argv[++i]!);
	else {
		console.error(
			`unknown argument ${argv[i]} (npm run test:ui [-- --keep] [-- --screenshots DIR])`,
		);
		process.exit(2);
	}
}

runEditorTest(options).then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(`\nFAIL  ${error.stack ?? error.message}`);
		process.exit(1);
	},
);
