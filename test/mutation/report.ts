// The mutation report (StrykerJS's incremental file, in the mutation-testing-report-schema
// format) read for `npm run mutation`: merging a partial run into the previous report, checking
// that the report was made from the current sources and tests, the scores and their targets, and
// docs/mutation.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Position = { line: number; column: number };

export type Mutant = {
	id: string;
	mutatorName: string;
	replacement?: string;
	location: { start: Position; end: Position };
	status: string;
	statusReason?: string;
};

export type MutationReport = {
	files: Record<string, { source: string; mutants: Mutant[] }>;
	testFiles?: Record<string, { source?: string }>;
	[other: string]: unknown;
};

export type MutationRun = { started: string; seconds: number; args: string };

/** What the issue asks of the score: at least 85 % overall and 90 % where a user's data is at stake. */
export const overallTarget = 85;
export const focusTarget = 90;
export const focusAreas: Record<string, (file: string) => boolean> = {
	transport: (file) => file.startsWith('nodes/SoraVideos/transport/'),
	'retry rules': (file) => file === 'nodes/SoraVideos/transport/retry.ts',
	router: (file) => file === 'nodes/SoraVideos/actions/router.ts',
	'Wait for Completion': (file) =>
		/^nodes\/SoraVideos\/actions\/video\/(waitForCompletion\.operation|waitJobs)\.ts$/.test(file),
	validation: (file) => file === 'nodes/SoraVideos/helpers/validation.ts',
};

const mutatedFolders = ['nodes', 'credentials'];

function filesUnder(root: string, folder: string, suffix: string): string[] {
	const dir = join(root, folder);
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith(suffix))
		.map((name) => `${folder}/${name.split('\\').join('/')}`)
		.sort();
}

/**
 * A run given `--mutate` reports only the files it mutated and the test files related to them; the
 * others keep their earlier results, and their test files stay in the report for the check.
 */
export function mergeReports(
	previous: MutationReport | undefined,
	current: MutationReport,
): MutationReport {
	if (!previous) return current;
	return {
		...current,
		files: { ...previous.files, ...current.files },
		testFiles: { ...previous.testFiles, ...current.testFiles },
	};
}

export const sourcesToMutate = (root: string) =>
	mutatedFolders.flatMap((folder) => filesUnder(root, folder, '.ts'));

/**
 * Sources to mutate that the report lacks: no run has mutated them yet (a run given `--mutate`
 * covers only some), or they hold no mutants (`withMutants` in mutants.ts tells which).
 */
export const missingFromReport = (report: MutationReport, root: string) =>
	sourcesToMutate(root).filter((file) => !report.files[file]);

/**
 * What differs between the report and the working tree: a mutated source or a test file changed
 * or gone since the run. The report holds only the test files related to the mutated sources
 * (Stryker's findRelatedTests), so a test file it lacks is not a problem; a new test that covers
 * mutated code is picked up by the next run. Sources no run has mutated yet are `missingFromReport`.
 */
export function compareWithSources(report: MutationReport, root: string): string[] {
	const problems: string[] = [];
	const compare = (
		kind: string,
		expected: string[],
		recorded: Record<string, { source?: string }>,
	) => {
		for (const file of expected) {
			const entry = recorded[file];
			if (entry && entry.source !== readFileSync(join(root, file), 'utf8'))
				problems.push(`${file} (${kind}) changed after the mutation report was made`);
		}
		for (const file of Object.keys(recorded))
			if (!expected.includes(file)) problems.push(`${file} is in the mutation report but gone`);
	};
	compare('mutated source', sourcesToMutate(root), report.files);
	compare('test', filesUnder(root, 'test', '.test.ts'), report.testFiles ?? {});
	if (problems.length > 0) problems.push('run npm run mutation to bring the report up to date');
	return problems;
}

export type Counts = {
	killed: number;
	timedOut: number;
	survived: number;
	noCoverage: number;
	ignored: number;
	invalid: number;
};

export function count(mutants: Mutant[]): Counts {
	const counts: Counts = {
		killed: 0,
		timedOut: 0,
		survived: 0,
		noCoverage: 0,
		ignored: 0,
		invalid: 0,
	};
	for (const { status } of mutants) {
		if (status === 'Killed') counts.killed++;
		else if (status === 'Timeout') counts.timedOut++;
		else if (status === 'Survived') counts.survived++;
		else if (status === 'NoCoverage') counts.noCoverage++;
		else if (status === 'Ignored') counts.ignored++;
		else counts.invalid++; // CompileError, RuntimeError: not mutants a test could see
	}
	return counts;
}

/**
 * Stryker's mutation score: detected (killed or timed out) over valid (detected, survived, not
 * covered); undefined where no mutant was tested, which is no score rather than 100 %.
 */
export function score(counts: Counts): number | undefined {
	const detected = counts.killed + counts.timedOut;
	const valid = detected + counts.survived + counts.noCoverage;
	return valid === 0 ? undefined : (100 * detected) / valid;
}

const mutantsWhere = (report: MutationReport, keep: (file: string) => boolean) =>
	Object.entries(report.files)
		.filter(([file]) => keep(file))
		.flatMap(([, entry]) => entry.mutants);

export function scoreProblems(report: MutationReport): string[] {
	const problems: string[] = [];
	const overall = score(count(mutantsWhere(report, () => true)));
	if (overall !== undefined && overall < overallTarget)
		problems.push(`mutation score ${overall.toFixed(1)} % is below ${overallTarget} %`);
	for (const [area, inArea] of Object.entries(focusAreas)) {
		const areaScore = score(count(mutantsWhere(report, inArea)));
		// No score yet: the check names the files no run has mutated.
		if (areaScore !== undefined && areaScore < focusTarget)
			problems.push(`${area}: mutation score ${areaScore.toFixed(1)} % is below ${focusTarget} %`);
	}
	return problems;
}

function row(name: string, counts: Counts): string {
	const scored = score(counts);
	// A file in the report whose mutants are all static, ignored or invalid has nothing to score.
	const result = scored === undefined ? 'nothing to score' : `${scored.toFixed(1)} %`;
	return `| ${name} | ${counts.killed} | ${counts.timedOut} | ${counts.survived} | ${counts.noCoverage} | ${counts.ignored} | ${counts.invalid} | ${result} |`;
}

/** The part of docs/mutation.md that `--check` compares with the report. */
export function scoresSection(report: MutationReport): string {
	const header = [
		'| | killed | timed out | survived | no coverage | ignored | compile/runtime errors | score |',
		'|---|---|---|---|---|---|---|---|',
	];
	const files = Object.keys(report.files).sort();
	const lines = [
		'### By file',
		'',
		...header,
		...files.map((file) => row(`\`${file}\``, count(report.files[file].mutants))),
		row('**all**', count(mutantsWhere(report, () => true))),
		'',
		`### Targets (at least ${overallTarget} % overall, ${focusTarget} % in each area below)`,
		'',
		...header,
		...Object.entries(focusAreas).map(([area, inArea]) =>
			row(area, count(mutantsWhere(report, inArea))),
		),
	];
	return lines.join('\n');
}

function mutantLine(file: string, mutant: Mutant): string {
	const { line } = mutant.location.start;
	const replacement = (mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80);
	return `- \`${file}:${line}\` ${mutant.mutatorName}: \`${replacement.replace(/`/g, "'")}\``;
}

function listed(
	report: MutationReport,
	keep: (mutant: Mutant) => boolean,
	why: (mutant: Mutant) => string,
) {
	return Object.keys(report.files)
		.sort()
		.flatMap((file) =>
			report.files[file].mutants
				.filter(keep)
				.map((mutant) => `${mutantLine(file, mutant)}${why(mutant)}`),
		);
}

/** docs/mutation.md; `untested` are the sources with mutants that no run has mutated yet. */
export function renderDoc(
	report: MutationReport,
	runs: MutationRun[],
	root: string,
	untested: string[],
): string {
	const isStatic = (mutant: Mutant) =>
		mutant.status === 'Ignored' && /static/i.test(mutant.statusReason ?? '');
	const reasoned = listed(
		report,
		(mutant) => mutant.status === 'Ignored' && !isStatic(mutant),
		(mutant) => ` — ${mutant.statusReason ?? ''}`,
	);
	const survivors = listed(
		report,
		(mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage',
		() => '',
	);
	const staticCount = mutantsWhere(report, () => true).filter(isStatic).length;
	const template = readFileSync(join(root, 'test', 'mutation', 'mutation.template.md'), 'utf8');
	return template
		.replace('{{scores}}', scoresSection(report))
		.replace('{{static}}', String(staticCount))
		.replace(
			'{{untested}}',
			untested.length > 0 ? untested.map((file) => `- \`${file}\``).join('\n') : 'None.',
		)
		.replace('{{reasoned}}', reasoned.length > 0 ? reasoned.join('\n') : 'None.')
		.replace('{{survivors}}', survivors.length > 0 ? survivors.join('\n') : 'None.')
		.replace(
			'{{runs}}',
			[
				'| started (UTC) | took | Stryker arguments |',
				'|---|---|---|',
				...runs.map(
					(run) =>
						`| ${run.started.replace('T', ' ').slice(0, 19)} | ${Math.floor(run.seconds / 60)} min ${run.seconds % 60} s | ${run.args || '(all files, incremental)'} |`,
				),
			].join('\n'),
		);
}
