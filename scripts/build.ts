// `npm run build`: compiles nodes/ and credentials/ into dist/ and copies the icons (gulp).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

function step(label: string, command: string, args: string[]) {
	const started = Date.now();
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error(`build: ${label} failed`);
		process.exit(result.status ?? 1);
	}
	console.log(`build: ${label} (${Date.now() - started} ms)`);
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
step('tsc', bin('tsc'), ['-p', 'tsconfig.json']);
step('icons', bin('gulp'), ['build:icons', '--silent']);
