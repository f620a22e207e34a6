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

/**
 * A create request's body: multipart unless the server takes only JSON, the user asked for JSON,
 * or a URL reference can only travel in JSON; the reference image goes where the credential's
 * server reads it (docs/protocol.md rules 6 and 36).
 */
export function createBody(fields: IDataObject, choices: ReferenceChoices): IDataObject | FormData {
	const { traits, image, imageUrl } = choices;
	const { urlReference } = traits;
	const asJson = choices.sendAsJson || traits.json || (Boolean(imageUrl) && urlReference.needsJson);
	const reference =
		imageUrl ||
		(asJson && image
			? `data:${image.mimeType};base64,${image.bytes.toString('base64')}`
			: undefined);
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
