/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// Builds the simulator's npm package, sora-videos-simulator (packages/simulator), from the
// sources in simulator/, which stay the only copy: tsc compiles them into packages/simulator/dist,
// then the OpenAPI file they validate against (read beside schema.js at run time) and the licences
// are copied next to them. `npm run build:simulator` runs it.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const sources = join(root, 'simulator');
const packageDir = join(root, 'packages', 'simulator');
const dist = join(packageDir, 'dist');

// A file deleted from simulator/ must not live on in the package.
rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
	process.execPath,
	[require.resolve('typescript/bin/tsc'), '-p', join(packageDir, 'tsconfig.json')],
	{ stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
for (const file of ['videos.openapi.json', 'LICENSE-openai-openapi.txt'])
	cpSync(join(sources, 'openapi', file), join(dist, 'openapi', file));
cpSync(join(root, 'LICENSE'), join(dist, 'LICENSE'));
// The bin runs as a file (npx, a global install), so it must be executable as packed.
chmodSync(join(dist, 'cli.js'), 0o755);
