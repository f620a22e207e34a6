// `npm run mutation`: StrykerJS over nodes/ and credentials/ (stryker.config.json), incremental
// against the committed report, then docs/mutation.md written from that report.
// `npm run mutation -- --check`: no mutants run; fails unless the committed report was made from
// the current sources and tests, its scores meet the targets (once every source with mutants is in
// it), and docs/mutation.md says what the report says.
// `npm run mutation -- --write-doc`: docs/mutation.md again from the committed report.
// Other arguments go to Stryker: `-- --mutate 'nodes/SoraVideos/transport/**/*.ts'` re-tests one
// folder; the other files' results are kept from the previous report.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	compareWithSources,
	mergeReports,
	missingFromReport,
	renderDoc,
	scoreProblems,
	scoresSection,
	type MutationReport,
	type MutationRun,
} from '../test/mutation/report';
import { withMutants } from '../test/mutation/mutants';

const root = join(__dirname, '..');
const reportPath = join(root, 'reports', 'stryker-incremental.json');
const runsPath = join(root, 'reports', 'mutation-runs.json');
const docPath = join(root, 'docs', 'mutation.md');

const readJson = <T>(path: string, fallback: T): T =>
	existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : fallback;

function fail(problems: string[]): never {
	for (const problem of problems) console.error(`✗ ${problem}`);
	process.exit(1);
}

/** Sources with mutants that no run has mutated yet; sources without mutants never enter the report. */
const notYetTested = (report: MutationReport) => withMutants(root, missingFromReport(report, root));

/**
 * The score targets hold once every source with mutants has been mutated; until then a shortfall
 * is printed, not failed, so that the report can grow one folder at a time.
 */
function targetProblems(report: MutationReport, untested: string[]): string[] {
	const shortfalls = scoreProblems(report);
	if (untested.length === 0) return shortfalls;
	console.log(`Not yet mutation-tested (docs/mutation.md lists them): ${untested.join(', ')}`);
	for (const shortfall of shortfalls) console.log(`Target not yet met: ${shortfall}`);
	return [];
}

const reportProblems = (report: MutationReport, untested: string[]) => [
	...compareWithSources(report, root),
	...targetProblems(report, untested),
];

async function check(): Promise<void> {
	const report = readJson<MutationReport | undefined>(reportPath, undefined);
	if (!report) fail([`${reportPath} is missing: run npm run mutation`]);
	const problems = reportProblems(report, await notYetTested(report));
	const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
	if (!doc.includes(scoresSection(report)))
		problems.push('docs/mutation.md does not match the report: run npm run mutation');
	if (problems.length > 0) fail(problems);
	console.log('The mutation report matches the sources and tests, and meets its targets.');
}

async function run(strykerArgs: string[]): Promise<void> {
	const previous = readJson<MutationReport | undefined>(reportPath, undefined);
	const started = new Date();
	const stryker = spawnSync('npx', ['stryker', 'run', ...strykerArgs], {
		cwd: root,
		stdio: 'inherit',
	});
	const seconds = Math.round((Date.now() - started.getTime()) / 1000);
	if (stryker.status !== 0) process.exit(stryker.status ?? 1);
	const report = mergeReports(previous, readJson<MutationReport>(reportPath, { files: {} }));
	writeFileSync(reportPath, `${JSON.stringify(report)}\n`);
	const runs = readJson<MutationRun[]>(runsPath, []);
	runs.push({ started: started.toISOString(), seconds, args: strykerArgs.join(' ') });
	writeFileSync(runsPath, `${JSON.stringify(runs, null, '\t')}\n`);
	const untested = await notYetTested(report);
	writeFileSync(docPath, renderDoc(report, runs, root, untested));
	console.log(`Wrote ${docPath} (this run: ${seconds} s).`);
	const problems = reportProblems(report, untested);
	if (problems.length > 0) fail(problems);
}

/** docs/mutation.md again from the committed report and runs, after a change to how it is written. */
async function writeDoc(): Promise<void> {
	const report = readJson<MutationReport>(reportPath, { files: {} });
	const runs = readJson<MutationRun[]>(runsPath, []);
	writeFileSync(docPath, renderDoc(report, runs, root, await notYetTested(report)));
	console.log(`Wrote ${docPath} from ${reportPath}.`);
}

const args = process.argv.slice(2);
const chosen = args.includes('--check')
	? check()
	: args.includes('--write-doc')
		? writeDoc()
		: run(args);
chosen.catch((error: unknown) => fail([String(error)]));
