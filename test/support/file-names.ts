// What a downloaded file's default name promises (docs/operations.md, "File names"): readable, made
// of safe characters, ending with the end of the job's id and the file's own extension.

export const extensionOf = { video: 'mp4', thumbnail: 'webp', spritesheet: 'jpg' } as const;

/**
 * A pattern for the default name of job `id`'s file with `extension`; characters other than
 * letters, digits, `.`, `_` and `-` in the id read `_`.
 */
export function defaultFileName(id: string, extension: string): RegExp {
	const safeId = id.replace(/[^A-Za-z0-9._-]+/g, '_');
	const tail = safeId.slice(-8).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`^[a-z0-9_][A-Za-z0-9._-]{0,64}${tail}\\.${extension}$`);
}
