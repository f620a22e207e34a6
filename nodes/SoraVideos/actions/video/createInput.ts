import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ReferenceImage } from '../../helpers/createBody';
import { checkReferenceImage, checkVideoId, inputError } from '../../helpers/validation';
import { binaryProperty } from '../videoFile';

// Create's inputs that need reading or decoding before they can be checked.

/** "Server: Extra Fields": a JSON object, given as text or as an object by an expression. */
export function parseAdditionalFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: string | IDataObject | undefined,
): IDataObject {
	if (raw === undefined || raw === '') return {};
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			throw inputError(
				ctx.getNode(),
				itemIndex,
				'Server: Extra Fields',
				'this is not valid JSON',
				'Write a JSON object, for example {"seed": 7}.',
			);
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Server: Extra Fields',
			'this is not a JSON object',
			'Write a JSON object, for example {"seed": 7}.',
		);
	}
	return value as IDataObject;
}

/** The reference image from the input item's binary field, checked against the video size. */
export async function readReferenceBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	size: string | undefined,
): Promise<ReferenceImage> {
	const field = 'Reference Image Field';
	const binary = binaryProperty(ctx, itemIndex, field, property, 'image');
	const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	const info = checkReferenceImage(ctx.getNode(), itemIndex, field, bytes, size);
	const fileName = binary.fileName ?? `reference.${info.type === 'jpeg' ? 'jpg' : info.type}`;
	return { bytes, mimeType: info.mimeType, fileName };
}

/** A reference image URL: https, or a data: URL whose image is checked like a binary one. */
export function checkReferenceUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	url: string,
	size: string | undefined,
) {
	const field = 'Reference Image URL';
	if (url.startsWith('data:')) {
		const match = /^data:[^;,]*;base64,(.*)$/s.exec(url);
		if (!match)
			throw inputError(
				ctx.getNode(),
				itemIndex,
				field,
				'the data: URL is not base64',
				'Use data:image/png;base64,… .',
			);
		checkReferenceImage(ctx.getNode(), itemIndex, field, Buffer.from(match[1], 'base64'), size);
	} else if (!/^https:\/\/\S+$/i.test(url)) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			field,
			`"${url}" is not an https or data: URL`,
			'The server fetches the image itself, so it needs a public https URL (or a data: URL).',
		);
	}
}

/** Create's Characters option: comma-separated character ids, at most two (OpenAI's guide). */
export function readCharacterIds(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: string | undefined,
): string[] {
	const ids = (raw ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
	if (ids.length > 2) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Characters',
			`${ids.length} character IDs are given; a video can cast at most 2`,
			'Keep two character IDs, separated by a comma.',
		);
	}
	return ids.map((id) => checkVideoId(ctx.getNode(), itemIndex, id, 'Characters', 'character'));
}
