// Which sources hold mutants, as Stryker's own instrumenter finds them. Stryker leaves a source
// without any (only types, imports and re-exports) out of its report, so a source missing from the
// report is not yet tested only when it holds mutants.
import type { Instrumenter } from '@stryker-mutator/instrumenter';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Logger = ConstructorParameters<typeof Instrumenter>[0];

const quiet = () => false;
const silent = () => undefined;
const logger: Logger = {
	isTraceEnabled: quiet,
	isDebugEnabled: quiet,
	isInfoEnabled: quiet,
	isWarnEnabled: quiet,
	isErrorEnabled: quiet,
	isFatalEnabled: quiet,
	trace: silent,
	debug: silent,
	info: silent,
	warn: silent,
	error: silent,
	fatal: silent,
};

/** The files (paths under `root`) in which Stryker finds at least one mutant. */
export async function withMutants(root: string, files: string[]): Promise<string[]> {
	// A dynamic import: the instrumenter is an ES module, and this runs as CommonJS.
	const { Instrumenter } = await import('@stryker-mutator/instrumenter');
	const instrumenter = new Instrumenter(logger);
	const kept: string[] = [];
	for (const name of files) {
		const content = readFileSync(join(root, name), 'utf8');
		const { mutants } = await instrumenter.instrument([{ name, content, mutate: true }], {
			plugins: null,
			excludedMutations: [],
			ignorers: [],
		});
		if (mutants.length > 0) kept.push(name);
	}
	return kept;
}
