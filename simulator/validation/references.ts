/* eslint-disable @n8n/community-nodes/require-node-api-error -- Node tooling, not published (DEVELOPERS.md) */
import { ApiError, invalidType, invalidValue } from '../errors';
import { imageInfo } from '../images';
import type { FormPart } from '../multipart';
import { pixelSize } from './fields';
import type { CreateRules, RawReference } from './rules';

/**
 * Reference images as each server reads them: an uploaded file, OpenAI's JSON object (an image
 * URL or a file id), a plain string (gateways) or a URL in a self-hosted server's own field.
 */

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/webp']);

function notAFile(): ApiError {
	return invalidType('input_reference', 'a file', 'a string');
}

export function filePart(part: FormPart): RawReference {
	const contentType = (part.contentType ?? '').split(';')[0].trim().toLowerCase();
	// Without a filename and an image type the server sees a text field (docs/protocol.md rule 6).
	if (!part.filename || !IMAGE_TYPES.has(contentType)) throw notAFile();
	return {
		kind: 'file',
		field: part.name,
		filename: part.filename,
		contentType,
		bytes: part.data.length,
		data: part.data,
	};
}

export function jsonReference(value: unknown, rules: CreateRules): RawReference | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string' && rules.stringReference) return imageUrlReference(value);
	if (typeof value !== 'object' || Array.isArray(value))
		throw invalidType('input_reference', 'an object', value);
	const { image_url: imageUrl, file_id: fileId } = value as Record<string, unknown>;
	if ((imageUrl === undefined) === (fileId === undefined)) {
		throw new ApiError(
			400,
			"Invalid 'input_reference': provide exactly one of 'image_url' or 'file_id'.",
			'invalid_request_error',
			'input_reference',
			'invalid_value',
		);
	}
	if (fileId !== undefined) {
		if (typeof fileId !== 'string' || fileId === '')
			throw invalidType('input_reference.file_id', 'a string', fileId);
		return { kind: 'file_id', fileId, field: 'input_reference' };
	}
	if (typeof imageUrl !== 'string')
		throw invalidType('input_reference.image_url', 'a string', imageUrl);
	return imageUrlReference(imageUrl);
}

/** https URLs are taken as is (not fetched); data: URLs are decoded and checked like a file. */
function imageUrlReference(url: string): RawReference {
	if (url.length > 20971520) {
		throw invalidValue(
			'input_reference.image_url',
			"Invalid 'input_reference.image_url': string too long.",
		);
	}
	if (/^https:\/\/[^\s/]+/i.test(url)) return { kind: 'image_url', url, field: 'input_reference' };
	const data = /^data:([^;,]*)((?:;[^;,]*)*);base64,(.*)$/is.exec(url);
	if (!data) {
		throw invalidValue(
			'input_reference.image_url',
			"Invalid 'input_reference.image_url': expected an https URL or a base64 data URL.",
		);
	}
	if (!IMAGE_TYPES.has(data[1].toLowerCase())) {
		throw invalidValue(
			'input_reference.image_url',
			`Invalid 'input_reference.image_url': unsupported mimetype ('${data[1]}'). Supported formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
		);
	}
	return {
		kind: 'image_url',
		url: `data:${data[1]};base64,…`,
		field: 'input_reference',
		data: Buffer.from(data[3], 'base64'),
	};
}

/**
 * A URL reference in a self-hosted server's own field. These servers fetch http(s) too and resize
 * the image to the output size, so neither the scheme nor the pixel size is OpenAI's rule here.
 */
export function extensionReference(
	value: unknown,
	rule: NonNullable<CreateRules['urlReference']>,
): RawReference | null {
	if (value === undefined) return null;
	const { field, form } = rule;
	let url: unknown = value;
	if (form === 'jsonString') {
		let parsed: unknown;
		try {
			parsed = typeof value === 'string' ? JSON.parse(value) : value;
		} catch {
			throw new ApiError(400, 'Invalid JSON in form field.', 'invalid_request_error', field);
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new ApiError(
				400,
				`Invalid JSON in form field: expected dict, got ${Array.isArray(parsed) ? 'list' : typeof parsed}.`,
				'invalid_request_error',
				field,
			);
		}
		const object = parsed as Record<string, unknown>;
		if (object.file_id !== undefined)
			throw new ApiError(
				400,
				`Invalid ${field}: file_id is not supported yet.`,
				'invalid_request_error',
				field,
			);
		url = object.image_url;
	}
	if (typeof url !== 'string' || !/^(https?:\/\/\S+|data:image\/)/i.test(url)) {
		throw new ApiError(
			400,
			`Invalid ${field}: must be an http(s) URL or data URL.`,
			'invalid_request_error',
			field,
		);
	}
	return { kind: 'image_url', url: url.startsWith('data:') ? 'data:…' : url, field };
}

export function checkReferencePixels(bytes: Buffer, size: string): void {
	const info = imageInfo(bytes);
	if (!info) {
		throw new ApiError(
			400,
			"Invalid file 'input_reference': the bytes are not a valid JPEG, PNG or WebP image.",
			'invalid_request_error',
			'input_reference',
			'invalid_image_format',
		);
	}
	const wanted = pixelSize(size);
	if (!wanted || wanted.width !== info.width || wanted.height !== info.height) {
		throw new ApiError(
			400,
			'Inpaint image must match the requested width and height',
			'invalid_request_error',
			'input_reference',
			null,
		);
	}
}
