import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { sniffMediaType } from '../helpers/media';
import { inputError } from '../helpers/validation';

// The input item's MP4 for an upload (Edit, Extend, Character Create), checked by its bytes and
// streamed from n8n's binary store when the request is sent.

/** `ftyp` at byte 4 says MP4; 12 bytes tell every type helpers/media.ts knows. */
const HEAD_BYTES = 12;

/** The input item's binary property, or an error naming the ones it has. */
export function binaryProperty(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	property: string,
	what: string,
): IBinaryData {
	try {
		return ctx.helpers.assertBinaryData(itemIndex, property);
	} catch {
		const available = Object.keys(ctx.getInputData()[itemIndex].binary ?? {});
		throw inputError(
			ctx.getNode(),
			itemIndex,
			field,
			`the input item has no binary property "${property}"`,
			available.length
				? `It has: ${available.join(', ')}.`
				: `The input item has no binary data at all; add a node that loads the ${what} before this one.`,
		);
	}
}

/**
 * A file whose bytes n8n's binary store streams when the request is sent, so a large clip is
 * never held whole. FormData keeps a File appended without a new name as it is, and both axios
 * (n8n's HTTP client) and undici read a file part through `stream()` and `size`; a retry calls
 * `stream()` again, which opens the store again.
 */
class StoredFile extends File {
	constructor(
		private readonly open: () => Promise<AsyncIterable<Uint8Array>>,
		name: string,
		private readonly length: number,
	) {
		super([], name, { type: 'video/mp4' });
		// The File this extends is empty; the store's length is the part's length.
		Object.defineProperty(this, 'size', { value: length });
	}

	override stream() {
		let chunks: AsyncIterator<Uint8Array> | undefined;
		let sent = 0;
		return new ReadableStream<Uint8Array>({
			pull: async (controller) => {
				chunks ??= (await this.open())[Symbol.asyncIterator]();
				const { value, done } = await chunks.next();
				if (!done) {
					sent += value.length;
					controller.enqueue(value);
				} else if (sent === this.length) {
					controller.close();
				} else {
					// A part shorter or longer than its announced size would corrupt the whole body.
					controller.error(
						new Error(`the binary store gave ${sent} bytes of a file it lists as ${this.length}`),
					);
				}
			},
			cancel: async () => {
				await chunks?.return?.();
			},
		});
	}
}

async function headOf(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	let length = 0;
	// Leaving the loop early closes the stream.
	for await (const chunk of stream) {
		chunks.push(chunk);
		length += chunk.length;
		if (length >= HEAD_BYTES) break;
	}
	return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}

function checkMp4(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	property: string,
	head: Uint8Array,
) {
	const found = sniffMediaType(head);
	if (found?.mimeType === 'video/mp4') return;
	throw inputError(
		ctx.getNode(),
		itemIndex,
		field,
		`the binary property "${property}" does not hold an MP4 video${found ? ` (its bytes are ${found.mimeType})` : ''}`,
		'Pass an MP4 file: its bytes are checked, not its file name or MIME type.',
	);
}

/**
 * The MP4 in the input item's binary property, as a File to append to a FormData: read from
 * memory when n8n keeps the data in the item, otherwise streamed from the binary store.
 */
export async function readVideoFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	property: string,
): Promise<File> {
	const binary = binaryProperty(ctx, itemIndex, field, property, 'video');
	const name = binary.fileName ?? 'video.mp4';
	const id = binary.id;
	if (!id) {
		const bytes = Buffer.from(binary.data, 'base64');
		checkMp4(ctx, itemIndex, field, property, bytes);
		return new File([bytes], name, { type: 'video/mp4' });
	}
	checkMp4(ctx, itemIndex, field, property, await headOf(await ctx.helpers.getBinaryStream(id)));
	const { fileSize } = await ctx.helpers.getBinaryMetadata(id);
	return new StoredFile(async () => await ctx.helpers.getBinaryStream(id), name, fileSize);
}
