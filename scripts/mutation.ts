/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// `npm run mutation [-- <Stryker arguments>]`: StrykerJS over nodes/ and credentials/
// (stryker.config.json), incremental against its cache in .cache/ (outside git), then the scores
// by file and by area as Markdown, to paste into docs/mutation.md after a full run. A tool to find
// untested behaviour, not a gate: CI does not run it (docs/mutation.md says why).
//   npm run mutation                                           every source
//   npm run mutation -- --mutate 'nodes/SoraVideos/transport/**/*.ts'   one folder
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { scoreTables, type MutationReport } from '../support/mutation-scores';

const root = join(__dirname, '..');
const reportPath = join(root, 'reports', 'mutation', 'mutation.json');

const stryker = spawnSync('npx', ['stryker', 'run', ...process.argv.slice(2)], {
	cwd: root,
	stdio: 'inherit',
});
if (stryker.status !== 0) process.exit(stryker.status ?? 1);
if (!existsSync(reportPath)) {
	console.error(`Stryker wrote no ${reportPath}: is the json reporter on in stryker.config.json?`);
	process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as MutationReport;
console.log(`\n${scoreTables(report)}`);
