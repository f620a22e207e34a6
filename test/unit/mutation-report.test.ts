// docs/mutation.md and the CI check read their numbers from the mutation report through these.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	compareWithSources,
	count,
	mergeReports,
	missingFromReport,
	score,
	scoreProblems,
	type Mutant,
	type MutationReport,
} from '../mutation/report';

const mutant = (status: string): Mutant => ({
	id: status,
	mutatorName: 'ConditionalExpression',
	location: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
	status,
});

test('the score is detected (killed or timed out) over killed, timed out, survived and not covered; ignored and invalid mutants do not count', () => {
	const counts = count(
		['Killed', 'Killed', 'Timeout', 'Survived', 'NoCoverage', 'Ignored', 'CompileError'].map(
			mutant,
		),
	);
	expect(counts).toEqual({
		killed: 2,
		timedOut: 1,
		survived: 1,
		noCoverage: 1,
		ignored: 1,
		invalid: 1,
	});
	expect(score(counts)).toBe(60);
	expect(score(count([mutant('Ignored'), mutant('CompileError')]))).toBeUndefined();
});

test('a focus area below 90 % fails the check even when the whole is above 85 %', () => {
	const many = (status: string, n: number) => Array.from({ length: n }, () => mutant(status));
	const report: MutationReport = {
		files: {
			'nodes/SoraVideos/transport/retry.ts': {
				source: '',
				mutants: [...many('Killed', 8), ...many('Survived', 2)],
			},
			'nodes/SoraVideos/helpers/media.ts': { source: '', mutants: many('Killed', 90) },
		},
	};
	expect(scoreProblems(report)).toEqual([
		'transport: mutation score 80.0 % is below 90 %',
		'retry rules: mutation score 80.0 % is below 90 %',
	]);
});

test('a run of one folder keeps the other files of the previous report, and their test files', () => {
	const previous: MutationReport = {
		files: { 'a.ts': { source: 'a', mutants: [] }, 'b.ts': { source: 'b', mutants: [] } },
		testFiles: { 'a.test.ts': { source: 'ta' }, 'b.test.ts': { source: 'tb' } },
	};
	const current: MutationReport = {
		files: { 'b.ts': { source: 'b2', mutants: [mutant('Killed')] } },
		testFiles: { 'b.test.ts': { source: 'tb2' } },
	};
	const merged = mergeReports(previous, current);
	expect(merged.files).toEqual({
		'a.ts': previous.files['a.ts'],
		'b.ts': current.files['b.ts'],
	});
	expect(merged.testFiles).toEqual({
		'a.test.ts': { source: 'ta' },
		'b.test.ts': { source: 'tb2' },
	});
});

test('the check names a changed source, and files that are gone, and lists a source no run has mutated', () => {
	const root = mkdtempSync(join(tmpdir(), 'mutation-report-'));
	mkdirSync(join(root, 'nodes'));
	mkdirSync(join(root, 'test'));
	writeFileSync(join(root, 'nodes', 'a.ts'), 'changed');
	writeFileSync(join(root, 'test', 'a.test.ts'), 'test');
	const report: MutationReport = {
		files: {
			'nodes/a.ts': { source: 'original', mutants: [] },
			'nodes/gone.ts': { source: '', mutants: [] },
		},
		testFiles: { 'test/a.test.ts': { source: 'test' }, 'test/gone.test.ts': { source: '' } },
	};
	const problems = compareWithSources(report, root);
	writeFileSync(join(root, 'nodes', 'new.ts'), 'new');
	const untested = missingFromReport(report, root);
	rmSync(root, { recursive: true });
	expect(problems).toEqual([
		'nodes/a.ts (mutated source) changed after the mutation report was made',
		'nodes/gone.ts is in the mutation report but gone',
		'test/gone.test.ts is in the mutation report but gone',
		'run npm run mutation to bring the report up to date',
	]);
	expect(untested).toEqual(['nodes/new.ts']);
});
