// Scores of a StrykerJS report (mutation-testing-report-schema), by file and by the areas whose
// targets docs/mutation.md states, as the Markdown tables that file records.

type Mutant = { status: string; mutatorName: string; location: { start: { line: number } } };
export type MutationReport = { files: Record<string, { mutants: Mutant[] }> };

/** Where a user's money or data is at stake the target is 90 %; 85 % over everything. */
const areas: Record<string, (file: string) => boolean> = {
	transport: (file) => file.startsWith('nodes/SoraVideos/transport/'),
	'retry rules': (file) => file === 'nodes/SoraVideos/transport/retry.ts',
	router: (file) => file === 'nodes/SoraVideos/actions/router.ts',
	'Wait for Completion': (file) => /\/(waitForCompletion\.operation|waitJobs)\.ts$/.test(file),
	validation: (file) => file === 'nodes/SoraVideos/helpers/validation.ts',
};

const columns = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'Ignored'] as const;

function row(label: string, mutants: Mutant[]): string {
	const count = (status: string) => mutants.filter((mutant) => mutant.status === status).length;
	const [killed, timedOut, survived, noCoverage] = columns.map(count);
	const scored = killed + timedOut + survived + noCoverage;
	const score = scored ? `${((100 * (killed + timedOut)) / scored).toFixed(1)} %` : '—';
	return `| ${label} | ${columns.map(count).join(' | ')} | ${score} |`;
}

const header = `| | killed | timed out | survived | no coverage | ignored | score |\n|---|---|---|---|---|---|---|`;

export function scoreTables(report: MutationReport): string {
	const files = Object.keys(report.files).sort();
	const mutantsOf = (names: string[]) => names.flatMap((name) => report.files[name]!.mutants);
	const survivors = files.flatMap((file) =>
		report.files[file]!.mutants.filter((mutant) => mutant.status === 'Survived').map(
			(mutant) => `- \`${file}:${mutant.location.start.line}\` ${mutant.mutatorName}`,
		),
	);
	return [
		'### By file',
		header,
		...files.map((file) => row(`\`${file}\``, mutantsOf([file]))),
		row('**all**', mutantsOf(files)),
		'',
		'### By area (targets: 85 % overall, 90 % in each area)',
		header,
		...Object.entries(areas).map(([area, holds]) => row(area, mutantsOf(files.filter(holds)))),
		'',
		'### Survivors',
		survivors.length ? survivors.join('\n') : 'None.',
	].join('\n');
}
