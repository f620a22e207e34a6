// `npm run build`: compiles nodes/ and credentials/ into dist/ and copies their icons beside them.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], {
	cwd: root,
	stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
for (const folder of ['nodes', 'credentials']) {
	cpSync(join(root, folder), join(root, 'dist', folder), {
		recursive: true,
		filter: (source) => !/\.[a-z]+$/i.test(source) || /\.(png|svg)$/i.test(source),
	});
}
