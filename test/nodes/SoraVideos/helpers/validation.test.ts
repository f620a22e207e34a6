// What the pre-flight checks accept and refuse, as the values arrive from expressions: numbers,
// null, padded text, and values a server would bill or reject.
import type { INode } from 'n8n-workflow';

import {
	checkPrompt,
	MAX_PROMPT_LENGTH,
	checkSeconds,
	checkSize,
	checkVideoId,
} from '../../../../nodes/SoraVideos/helpers/validation';

const node = { name: 'Sora Videos' } as INode;
const refusal = (check: () => unknown) => {
	try {
		check();
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('the check accepted the value');
};

test('a prompt from an expression: a number is its text, null and undefined are empty', () => {
	expect(checkPrompt(node, 0, 42)).toBe('42');
	for (const empty of [null, undefined])
		expect(refusal(() => checkPrompt(node, 1, empty)).message).toBe(
			'Item 1, field "Prompt": the prompt is empty',
		);
});

test('seconds: whole or decimal numbers only, and OpenAI models list the lengths they take', () => {
	expect(checkSeconds(node, 0, 'wan2.1', undefined)).toBeUndefined();
	expect(checkSeconds(node, 0, 'wan2.1', '4.25')).toBe('4.25');
	// A sheet cell with spaces around the number is the number.
	expect(checkSeconds(node, 0, 'wan2.1', ' 8 ')).toBe('8');
	for (const bad of ['x8', '8x', '8 s', '0', '0.0'])
		expect(refusal(() => checkSeconds(node, 0, 'wan2.1', bad)).message).toMatch(
			`"${bad}" is not a duration in seconds`,
		);
	expect(refusal(() => checkSeconds(node, 0, 'wan2.1', 'ten')).description).toBe(
		'Use one of 4, 8, 12, 16, 20 (or another positive number your server accepts).',
	);
	expect(refusal(() => checkSeconds(node, 0, 'sora-2', '10')).description).toBe(
		'Use one of 4, 8, 12, 16, 20.',
	);
});

test('size: WIDTHxHEIGHT and nothing around it; a size no model has gets no sora-2-pro hint', () => {
	expect(checkSize(node, 0, 'wan2.1', undefined)).toBeUndefined();
	for (const bad of ['big1280x720', '1280x720px'])
		expect(refusal(() => checkSize(node, 0, 'wan2.1', bad)).message).toMatch(
			`"${bad}" is not a size`,
		);
	const unknownSize = refusal(() => checkSize(node, 0, 'sora-2', '640x480'));
	expect(unknownSize.message).toBe('Item 0, field "Size": sora-2 does not support 640x480.');
	expect(unknownSize.description).toBe('Use one of 720x1280, 1280x720.');
});

test('video IDs: a number from a sheet is an ID; no value, "." and ".." are not', () => {
	expect(checkVideoId(node, 0, 42)).toBe('42');
	expect(refusal(() => checkVideoId(node, 0, { id: 'video_1' })).message).toMatch(
		/the video ID is empty/,
	);
	for (const dots of ['.', '..'])
		expect(refusal(() => checkVideoId(node, 0, dots)).message).toMatch(
			`"${dots}" is not a usable video ID`,
		);
});

test('a prompt counts characters, not UTF-16 units: 32000 emoji fit, 32001 do not', () => {
	expect(checkPrompt(node, 0, '🎬'.repeat(MAX_PROMPT_LENGTH))).toHaveLength(2 * MAX_PROMPT_LENGTH);
	expect(() => checkPrompt(node, 3, '🎬'.repeat(MAX_PROMPT_LENGTH + 1))).toThrow(
		/Item 3, field "Prompt": the prompt has 32001 characters/,
	);
});
