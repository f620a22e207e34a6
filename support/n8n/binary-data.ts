/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// Where an instance keeps the bytes of a binary, by n8n's binary data mode: a file under
// N8N_STORAGE_PATH (filesystem), a row of the `binary_data` table (database), or base64 inline in
// the execution data (n8n's in-memory `default` mode).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { BinaryRef } from './run-data';
import { runSqliteScript } from './sqlite';
import type { N8nRuntime } from './runtime';

const READ_BINARY_ROW = `
const sqlite3 = require(process.argv[1]);
const db = new sqlite3.Database(process.argv[2], sqlite3.OPEN_READONLY);
db.get('SELECT data FROM binary_data WHERE fileId = ?', [process.argv[3]], (error, row) => {
  if (error) { console.error(error.message); process.exit(1); }
  if (row) process.stdout.write(Buffer.from(row.data).toString('base64'));
  db.close();
});
`;

export interface BinaryStoreLocation {
	runtime: N8nRuntime;
	storagePath: string;
	n8nFolder: string;
	/** N8N_DEFAULT_BINARY_DATA_MODE. */
	mode: string | undefined;
	/** The instance's SQLite database, or undefined when it runs on PostgreSQL. */
	sqliteFile: string | undefined;
}

export class BinaryStore {
	constructor(private readonly at: BinaryStoreLocation) {}

	/** Path of a filesystem-mode binary (id like "filesystem-v2:workflows/…/binary_data/<uuid>"). */
	path(binary: BinaryRef): string | undefined {
		if (!binary.id) return undefined;
		const relative = binary.id.replace(/^[a-z0-9-]+:/i, '');
		const direct = join(this.at.storagePath, relative);
		if (existsSync(direct)) return direct;
		// Fall back to a search by file name (layouts differ between n8n versions).
		const wanted = basename(relative);
		const stack = [this.at.storagePath, join(this.at.n8nFolder, 'binaryData')];
		while (stack.length > 0) {
			const folder = stack.pop()!;
			if (!existsSync(folder)) continue;
			for (const entry of readdirSync(folder, { withFileTypes: true })) {
				const path = join(folder, entry.name);
				if (entry.isDirectory()) stack.push(path);
				else if (entry.name === wanted) return path;
			}
		}
		return undefined;
	}

	size(binary: BinaryRef): number | undefined {
		const path = this.path(binary);
		return path ? statSync(path).size : undefined;
	}

	/**
	 * The bytes of a binary where this instance stored them: a file (filesystem mode), a row of
	 * the `binary_data` table (database mode, SQLite), or inline base64 in the item (n8n's
	 * in-memory `default` mode). Undefined when they cannot be found.
	 */
	read(binary: BinaryRef): Buffer | undefined {
		const id = String(binary.id ?? '');
		if (id === '')
			return typeof binary.data === 'string' && binary.data !== ''
				? Buffer.from(binary.data, 'base64')
				: undefined;
		if (id.startsWith('filesystem')) {
			const path = this.path(binary);
			return path ? readFileSync(path) : undefined;
		}
		if (id.startsWith('database:') && this.at.sqliteFile)
			return this.readRow(id, this.at.sqliteFile);
		return undefined;
	}

	private readRow(id: string, sqliteFile: string): Buffer | undefined {
		const read = runSqliteScript(
			this.at.runtime,
			sqliteFile,
			READ_BINARY_ROW,
			[id.slice('database:'.length)],
			{ maxBuffer: 1024 * 1024 * 1024 },
		);
		if (read.status !== 0) throw new Error(`reading ${id} from binary_data failed: ${read.stderr}`);
		return read.stdout === '' ? undefined : Buffer.from(read.stdout, 'base64');
	}

	/** Where this instance's binary data lives, for messages. */
	describe(): string {
		if (this.at.mode === 'filesystem') return `the filesystem store (${this.at.storagePath})`;
		if (this.at.mode === 'database')
			return `the database's binary_data table (${this.at.sqliteFile ? 'SQLite' : 'PostgreSQL'})`;
		return "the execution data (n8n's in-memory mode keeps binaries inline as base64)";
	}
}
