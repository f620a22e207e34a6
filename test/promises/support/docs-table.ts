/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The rows of the Markdown table between `<!-- NAME: begin -->` and `<!-- NAME: end -->` in a
 * document of the repository, each row as its cells (the header and separator rows left out).
 */
export function tableRows(document: string, name: string): string[][] {
	const text = readFileSync(join(__dirname, '../../..', document), 'utf8');
	const begin = text.indexOf(`<!-- ${name}: begin -->`);
	const end = text.indexOf(`<!-- ${name}: end -->`);
	if (begin < 0 || end < begin) throw new Error(`${document} has no ${name} between its markers`);
	const lines = text
		.slice(begin, end)
		.split('\n')
		.filter((line) => line.startsWith('|'));
	return lines.slice(2).map((line) =>
		line
			.slice(1, -1)
			.split('|')
			.map((cell) => cell.trim()),
	);
}

/** A cell's comma-separated list. */
export const listOf = (cell: string) => cell.split(',').map((entry) => entry.trim());
