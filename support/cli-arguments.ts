/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// What the command-line entry points (test/e2e/main.ts, bench/run.ts) do with --help and with an
// argument they do not take.
import { readFileSync } from 'node:fs';

/** Prints the `//` comment lines of `file`, the entry point whose header says how to use it, and exits. */
export function printHelpAndExit(file: string): never {
	console.log(
		readFileSync(file, 'utf8')
			.split('\n')
			.filter((line) => line.startsWith('//'))
			.map((line) => line.slice(3))
			.join('\n'),
	);
	process.exit(0);
}

export function refuseArgument(arg: string): never {
	console.error(`unknown argument ${arg} (try --help)`);
	process.exit(2);
}
