// The tarball half of `npm run lint` (eslint checks the sources): what `npm pack` would publish
// holds the compiled nodes and credentials that package.json declares with their icons, nothing
// from the repository's tooling, and code that needs no package at run time but n8n-workflow
// (n8n installs community packages without their devDependencies).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildAndPack } from '../support/pack';

const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	dependencies?: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
};
const destination = mkdtempSync(join(tmpdir(), 'sora-pack-'));
const problems: string[] = [];
try {
	const { files } = buildAndPack(destination);
	const allowedOutside = new Set(['package.json', 'README.md', 'LICENSE', 'index.js']);
	for (const file of files) {
		if (!file.startsWith('dist/') && !allowedOutside.has(file))
			problems.push(`${file} is published but is not part of the node`);
	}
	for (const declared of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		if (!files.includes(declared))
			problems.push(`package.json declares ${declared}, which is not in the package`);
	}
	if (!files.some((file) => /^dist\/nodes\/.+\.(svg|png)$/.test(file)))
		problems.push('the node has no icon in the package');
	if (Object.keys(manifest.dependencies ?? {}).length > 0)
		problems.push('package.json has runtime dependencies');
	for (const file of files.filter((name) => name.endsWith('.js'))) {
		const code = readFileSync(join(root, file), 'utf8');
		for (const [, name] of code.matchAll(/require\("([^"]+)"\)/g)) {
			if (!name.startsWith('.') && name !== 'n8n-workflow')
				problems.push(`${file} requires "${name}", which n8n does not provide`);
		}
	}
	console.log(`package: ${files.length} files checked, ${problems.length} problem(s)`);
} finally {
	rmSync(destination, { recursive: true, force: true });
}
for (const problem of problems) console.error(`  ${problem}`);
process.exit(problems.length ? 1 : 0);
