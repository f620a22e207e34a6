import type { IDataObject } from 'n8n-workflow';

import type { ServerTraits } from './servers';

export interface ReferenceImage {
	bytes: Buffer;
	mimeType: string;
	fileName: string;
}

export interface ReferenceChoices {
	traits: ServerTraits;
	/** A binary reference image, already checked. */
	image?: ReferenceImage;
	/** A reference image URL (https or data:), already checked. */
	imageUrl?: string;
	/** Create's "Server: Send as JSON" override. */
	sendAsJson: boolean;
	/** Create's "Server: Image JSON Form" override. */
	jsonForm?: 'object' | 'string';
}

/** A binary image as a data: URL, for bodies that carry images as text (JSON). */
export const dataUrlOf = (image: ReferenceImage) =>
	`data:${image.mimeType};base64,${image.bytes.toString('base64')}`;

/**
 * A create request's body: multipart unless the server takes only JSON, the user asked for JSON,
 * or a URL reference can only travel in JSON; the reference image goes where the credential's
 * server reads it (docs/protocol.md rules 6 and 36).
 */
export function createBody(fields: IDataObject, choices: ReferenceChoices): IDataObject | FormData {
	const { traits, image, imageUrl } = choices;
	const { urlReference } = traits;
	const asJson = choices.sendAsJson || traits.json || (Boolean(imageUrl) && urlReference.needsJson);
	const reference = imageUrl || (asJson && image ? dataUrlOf(image) : undefined);
	const body: IDataObject = { ...fields };
	if (reference) {
		const form = asJson && choices.jsonForm ? choices.jsonForm : urlReference.form;
		body[urlReference.field] =
			form === 'object'
				? { image_url: reference }
				: form === 'jsonString'
					? JSON.stringify({ image_url: reference })
					: reference;
	}
	if (asJson) return body;
	const form = new FormData();
	for (const [name, value] of Object.entries(body)) {
		form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
	}
	// A file part needs a file name and an image type, or servers read it as text (rule 6).
	if (image) {
		form.append(
			'input_reference',
			new Blob([image.bytes], { type: image.mimeType }),
			image.fileName,
		);
	}
	return form;
}

const greatestDivisor = (a: number, b: number): number => (b === 0 ? a : greatestDivisor(b, a % b));

/**
 * A `WIDTHxHEIGHT` size in OpenRouter's words: the size itself where the model lists it exactly,
 * else its aspect ratio (reduced W:H) and resolution (the shorter side and `p`): 1280x720 is 16:9
 * at 720p (docs/protocol.md rule 39).
 */
export function openRouterSize(
	size: string,
	exactSizes: string[] | null,
): { size: string } | { aspect_ratio: string; resolution: string } {
	if (exactSizes?.includes(size)) return { size };
	const [width, height] = size.split('x').map(Number);
	const divisor = greatestDivisor(width, height);
	return {
		aspect_ratio: `${width / divisor}:${height / divisor}`,
		resolution: `${Math.min(width, height)}p`,
	};
}

export interface OpenRouterChoices {
	/** Checked seconds, sent as the number `duration`. */
	seconds?: string;
	/** A checked `WIDTHxHEIGHT`, and the exact sizes the model lists. */
	size?: string;
	exactSizes: string[] | null;
	/** https or data: URLs of the first and the last frame. */
	firstFrame?: string;
	lastFrame?: string;
	generateAudio?: boolean;
}

/**
 * OpenRouter's create body (JSON only): `duration` a number, the size in its words, the reference
 * image and the last frame as `frame_images`, `generate_audio` when chosen.
 */
export function openRouterBody(fields: IDataObject, choices: OpenRouterChoices): IDataObject {
	const body: IDataObject = { ...fields };
	if (choices.seconds) body.duration = Number(choices.seconds);
	if (choices.size) Object.assign(body, openRouterSize(choices.size, choices.exactSizes));
	const frames = [
		{ url: choices.firstFrame, frame_type: 'first_frame' },
		{ url: choices.lastFrame, frame_type: 'last_frame' },
	]
		.filter((frame) => frame.url)
		.map(({ url, frame_type }) => ({ type: 'image_url', image_url: { url }, frame_type }));
	if (frames.length > 0) body.frame_images = frames;
	if (choices.generateAudio !== undefined) body.generate_audio = choices.generateAudio;
	return body;
}
