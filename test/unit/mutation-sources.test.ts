// The check enforces the score targets once every source with mutants has been mutated. Stryker
// leaves sources without mutants out of its report, so the check asks Stryker's instrumenter
// which of the sources missing from the report hold mutants. The instrumenter is an ES module,
// which jest cannot load: this runs it through tsx, as `npm run mutation` does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repository = join(__dirname, '..', '..');

test('sources with only types, imports and re-exports hold no mutants; any code does', () => {
	const root = mkdtempSync(join(tmpdir(), 'mutation-sources-'));
	mkdirSync(join(root, 'nodes'));
	const sources: Record<string, string> = {
		'nodes/types.ts':
			"import type { A } from './a';\nexport type B = A | string;\ninterface C { d: B }\n",
		'nodes/index.ts': "export { f } from './code';\nexport * from './types';\n",
		'nodes/code.ts': 'export const f = (n: number) => n > 1;\n',
		'nodes/text.ts': "export const name = 'Sora';\n",
	};
	for (const [file, text] of Object.entries(sources)) writeFileSync(join(root, file), text);
	const mutants = join(repository, 'test', 'mutation', 'mutants.ts');
	const files = JSON.stringify(Object.keys(sources));
	const script = `require(${JSON.stringify(mutants)}).withMutants(${JSON.stringify(root)}, ${files})
		.then((kept) => console.log(JSON.stringify(kept)));`;
	const run = spawnSync(process.execPath, ['--import', 'tsx', '--eval', script], {
		cwd: repository,
		encoding: 'utf8',
	});
	rmSync(root, { recursive: true });
	expect(run.stderr).toBe('');
	expect(JSON.parse(run.stdout)).toEqual(['nodes/code.ts', 'nodes/text.ts']);
});
