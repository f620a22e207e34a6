import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readImageInfo } from './media';

export const MAX_PROMPT_LENGTH = 32000;

const standardSizes = ['720x1280', '1280x720'];
const proSizes = [...standardSizes, '1024x1792', '1792x1024', '1080x1920', '1920x1080'];
const openAiSeconds = ['4', '8', '12', '16', '20'];

/** OpenAI's own models, whose sizes are known; any other id (gateway alias, deployment) is the server's business. */
const knownModelSizes: Record<string, string[]> = {
	'sora-2': standardSizes,
	'sora-2-2025-10-06': standardSizes,
	'sora-2-2025-12-08': standardSizes,
	'sora-2-pro': proSizes,
	'sora-2-pro-2025-10-06': proSizes,
};

/** A pre-flight failure: names the item and the field, says how to fix it, and costs no request. */
export function inputError(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	fix: string,
) {
	return new NodeOperationError(node, `Item ${itemIndex}, field "${field}": ${problem}`, {
		itemIndex,
		description: fix,
	});
}

export function checkPrompt(node: INode, itemIndex: number, prompt: unknown): string {
	const text =
		typeof prompt === 'string'
			? prompt
			: prompt === undefined || prompt === null
				? ''
				: String(prompt);
	if (!text.trim()) {
		throw inputError(
			node,
			itemIndex,
			'Prompt',
			'the prompt is empty',
			'Describe the video to generate; when it comes from an expression, check that the expression has a value for this item.',
		);
	}
	// Characters as the server counts them: an emoji is one, not two UTF-16 units.
	const length = Array.from(text).length;
	if (length > MAX_PROMPT_LENGTH) {
		throw inputError(
			node,
			itemIndex,
			'Prompt',
			`the prompt has ${length} characters; the limit is ${MAX_PROMPT_LENGTH}`,
			'Shorten the prompt.',
		);
	}
	return text;
}

/** Empty means "leave it out": the server picks its default duration (docs/protocol.md rule 5). */
export function checkSeconds(
	node: INode,
	itemIndex: number,
	model: string,
	seconds: unknown,
): string | undefined {
	const text = String(seconds ?? '').trim();
	if (!text) return undefined;
	if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) {
		throw inputError(
			node,
			itemIndex,
			'Seconds',
			`"${text}" is not a duration in seconds`,
			`Use one of ${openAiSeconds.join(', ')} (or another positive number your server accepts).`,
		);
	}
	if (model in knownModelSizes && !openAiSeconds.includes(text)) {
		throw inputError(
			node,
			itemIndex,
			'Seconds',
			`${model} does not accept ${text} seconds`,
			`Use one of ${openAiSeconds.join(', ')}.`,
		);
	}
	return text;
}

/** Empty means "leave it out": the server picks its default size (docs/protocol.md rule 5). */
export function checkSize(
	node: INode,
	itemIndex: number,
	model: string,
	size: unknown,
): string | undefined {
	const text = String(size ?? '').trim();
	if (!text) return undefined;
	if (!/^\d+x\d+$/.test(text)) {
		throw inputError(
			node,
			itemIndex,
			'Size',
			`"${text}" is not a size`,
			'Write it as WIDTHxHEIGHT, for example 1280x720.',
		);
	}
	const allowed = knownModelSizes[model];
	if (allowed && !allowed.includes(text)) {
		const proHint = proSizes.includes(text) ? ` ${text} needs sora-2-pro.` : '';
		throw inputError(
			node,
			itemIndex,
			'Size',
			`${model} does not support ${text}.${proHint}`,
			`Use one of ${allowed.join(', ')}.`,
		);
	}
	return text;
}

/**
 * The reference image becomes the first frame: OpenAI rejects it unless its pixel size is exactly
 * `size`. Without a size the server's default applies, which only the server knows.
 */
export function checkReferenceImage(
	node: INode,
	itemIndex: number,
	field: string,
	bytes: Uint8Array,
	size: string | undefined,
) {
	const info = readImageInfo(bytes);
	if (!info) {
		throw inputError(
			node,
			itemIndex,
			field,
			'the reference image is not a readable JPEG, PNG or WebP file',
			'Pass a JPEG, PNG or WebP image (the bytes are checked, not the file name).',
		);
	}
	if (!size) return info;
	const [width, height] = size.split('x').map(Number);
	if (info.width !== width || info.height !== height) {
		throw inputError(
			node,
			itemIndex,
			field,
			`the reference image is ${info.width}x${info.height} pixels but the video size is ${size}`,
			`Resize it first with an Edit Image node: Operation Resize, Width ${width}, Height ${height}, Option "Ignore Aspect Ratio" (or crop it to ${size}); or pick the Size that matches the image.`,
		);
	}
	return info;
}

export function checkVideoId(
	node: INode,
	itemIndex: number,
	id: unknown,
	field = 'Video ID',
	noun: 'video' | 'character' = 'video',
): string {
	const text = typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '';
	if (!text) {
		throw inputError(
			node,
			itemIndex,
			field,
			`the ${noun} ID is empty`,
			`Map the ID of a ${noun}, for example {{ $json.id }} from a ${noun === 'video' ? 'Create' : 'Character Create'} node.`,
		);
	}
	if (text === '.' || text === '..' || text.includes('/') || /[\s\p{Cc}]/u.test(text)) {
		throw inputError(
			node,
			itemIndex,
			field,
			`"${text}" is not a usable ${noun} ID`,
			`${noun === 'video' ? 'Video' : 'Character'} IDs are single tokens without spaces or "/"; a "/" cannot be routed by the servers that issue such IDs. Check the mapped value.`,
		);
	}
	return text;
}

/** An extension's new segment: OpenAI's lengths only, and required (api-contract §2.8). */
export function checkExtensionSeconds(node: INode, itemIndex: number, seconds: unknown): string {
	const text = String(seconds ?? '').trim();
	if (!openAiSeconds.includes(text)) {
		throw inputError(
			node,
			itemIndex,
			'Seconds',
			text
				? `an extension cannot be ${text} seconds long`
				: 'the length of the new segment is empty',
			`Use one of ${openAiSeconds.join(', ')}.`,
		);
	}
	return text;
}

/** A character's name: 1–80 characters, kept as written (the prompt must repeat it verbatim). */
export function checkCharacterName(node: INode, itemIndex: number, name: unknown): string {
	const text = typeof name === 'string' ? name : String(name ?? '');
	const length = Array.from(text).length;
	if (!text.trim() || length > 80) {
		throw inputError(
			node,
			itemIndex,
			'Name',
			text.trim() ? `the name has ${length} characters; the limit is 80` : 'the name is empty',
			'Give the character a name of 1 to 80 characters, and use it in the prompts that cast it.',
		);
	}
	return text;
}
