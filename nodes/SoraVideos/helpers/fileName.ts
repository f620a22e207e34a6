import type { Video } from './video';

// The name a downloaded file gets in n8n's binary data (docs/operations.md, "File names"). Gateway
// ids run to 120 characters of base64 (LiteLLM), so the default is made for reading: the prompt's
// first words and the end of the id, which tells files of one prompt apart.

const MAX_WORDS = 6;
const MAX_SLUG = 40;
/** An id this short is kept whole (`video_123`, OpenRouter's `vgen-…`); longer ones by their end. */
const SHORT_ID = 32;
const ID_TAIL = 8;

/**
 * Letters, digits, `.`, `_` and `-` only, each run of anything else one `_`, and no leading dot:
 * a name every store and file system accepts, and no hidden file.
 */
function safe(text: string): string {
	return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '');
}

function promptSlug(prompt: unknown): string {
	if (typeof prompt !== 'string') return '';
	const words = prompt
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean)
		.slice(0, MAX_WORDS);
	let slug = '';
	for (const word of words) {
		const next = slug ? `${slug}-${word}` : word;
		if (next.length > MAX_SLUG) break;
		slug = next;
	}
	return slug || words[0]?.slice(0, MAX_SLUG) || '';
}

/**
 * The default name, without extension: `a-red-paper-boat-drifting-down-3f9a0c1e` for a job whose
 * object carries its prompt; else the id, or `video-` and its last 8 characters when it is long.
 */
export function readableFileName(video: Pick<Video, 'id'> & { prompt?: unknown }): string {
	const id = safe(String(video.id));
	const short = id.length <= SHORT_ID;
	const idPart = short ? id : id.slice(-ID_TAIL);
	const slug = promptSlug(video.prompt) || (short ? '' : 'video');
	return [slug, idPart].filter(Boolean).join('-') || 'video';
}

/** A name the user typed keeps its own extension; one without gets the file's. */
export function withExtension(name: string, extension: string): string {
	return /\.[A-Za-z0-9]{2,5}$/.test(name) ? name : `${name}.${extension}`;
}
