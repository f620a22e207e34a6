/**
 * A small multipart/form-data parser for bodies already read into memory (creates are small:
 * a prompt and at most one image). Keeps what the validation needs: whether a part had a
 * filename and which Content-Type it declared.
 */

export interface FormPart {
	name: string;
	filename: string | null;
	contentType: string | null;
	data: Buffer;
}

export function boundaryOf(contentType: string): string | null {
	const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]).trim() : null;
}

/** Returns null when the body is not well-formed multipart for that boundary. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] | null {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: FormPart[] = [];
	let start = body.indexOf(delimiter);
	if (start < 0) return null;
	for (;;) {
		let cursor = start + delimiter.length;
		if (body.subarray(cursor, cursor + 2).toString() === '--') return parts; // closing delimiter
		if (body.subarray(cursor, cursor + 2).toString() !== '\r\n') return null;
		cursor += 2;
		const headerEnd = body.indexOf('\r\n\r\n', cursor);
		if (headerEnd < 0) return null;
		const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
		if (next < 0) return null;
		const part = readPart(
			body.subarray(cursor, headerEnd).toString('utf8'),
			body.subarray(headerEnd + 4, next),
		);
		if (!part) return null;
		parts.push(part);
		start = next + 2;
	}
}

function readPart(headerText: string, data: Buffer): FormPart | null {
	let name: string | null = null;
	let filename: string | null = null;
	let contentType: string | null = null;
	for (const line of headerText.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon < 0) continue;
		const key = line.slice(0, colon).trim().toLowerCase();
		const value = line.slice(colon + 1).trim();
		if (key === 'content-type') contentType = value;
		if (key === 'content-disposition') {
			name = dispositionParam(value, 'name');
			filename = dispositionParam(value, 'filename');
		}
	}
	return name === null ? null : { name, filename, contentType, data };
}

function dispositionParam(disposition: string, param: string): string | null {
	const match = new RegExp(`(?:^|;)\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(
		disposition,
	);
	if (!match) return null;
	return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2].trim();
}
