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

/** The names of an image's two options in the editor, and what the image is, for messages. */
export interface ImageLabels {
	property: string;
	url: string;
	what: string;
}

export const referenceLabels: ImageLabels = {
	property: 'Reference Image Field',
	url: 'Reference Image URL',
	what: 'the reference image',
};

export const lastFrameLabels: ImageLabels = {
	property: 'Last Frame Image Field',
	url: 'Last Frame Image URL',
	what: 'the last frame',
};

/** An image given as one of two options, a binary property or a URL, checked; neither is fine. */
export async function readImageOption(
	ctx: IExecuteFunctions,
	itemIndex: number,
	given: { property?: string; url?: string },
	labels: ImageLabels,
	size: string | undefined,
): Promise<{ image?: ReferenceImage; imageUrl?: string }> {
	const property = given.property?.trim();
	const imageUrl = given.url?.trim();
	if (property && imageUrl) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			labels.url,
			`both a binary property and a URL are set for ${labels.what}`,
			'Keep one of the two options.',
		);
	}
	if (imageUrl) checkReferenceUrl(ctx, itemIndex, imageUrl, size, labels.url);
	const image = property
		? await readReferenceBinary(ctx, itemIndex, property, size, labels.property)
		: undefined;
	return { image, imageUrl: imageUrl || undefined };
}

/** An image from the input item's binary field, checked against the video size (when given). */
async function readReferenceBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	size: string | undefined,
	field: string,
): Promise<ReferenceImage> {
	const binary = binaryProperty(ctx, itemIndex, field, property, 'image');
	const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	const info = checkReferenceImage(ctx.getNode(), itemIndex, field, bytes, size);
	const fileName = binary.fileName ?? `reference.${info.type === 'jpeg' ? 'jpg' : info.type}`;
	return { bytes, mimeType: info.mimeType, fileName };
}

/** An image URL: https, or a data: URL whose image is checked like a binary one. */
function checkReferenceUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	url: string,
	size: string | undefined,
	field: string,
) {
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
