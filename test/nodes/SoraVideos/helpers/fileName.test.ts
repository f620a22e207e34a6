import fc from 'fast-check';

import { readableFileName, withExtension } from '../../../../nodes/SoraVideos/helpers/fileName';

// The default name of a downloaded file (nodes/SoraVideos/helpers/fileName.ts): readable in n8n's
// Binary tab and in a folder, and still telling apart the files of one prompt.

describe('the default file name', () => {
	it("is the prompt's first words and the id's last 8 characters", () => {
		const id =
			'video_bGl0ZWxsbTpjdXN0b21fbGxtX3Byb3ZpZGVyO21vZGVsX2lkOnNvcmEtMjt2aWRlb19pZDp2aWRlb18xMjM0NTY3OA';
		expect(readableFileName({ id, prompt: 'A red paper boat drifting down a rainy street' })).toBe(
			'a-red-paper-boat-drifting-down-M0NTY3OA',
		);
	});

	it('keeps a short id whole, and is the id alone without a prompt', () => {
		expect(readableFileName({ id: 'video_123', prompt: 'Éclair au café, très lent' })).toBe(
			'eclair-au-cafe-tres-lent-video_123',
		);
		expect(readableFileName({ id: 'video_123' })).toBe('video_123');
		expect(readableFileName({ id: 'vgen-0b736a5fbe77fe46c47c2863' })).toBe(
			'vgen-0b736a5fbe77fe46c47c2863',
		);
		expect(readableFileName({ id: `video_${'a'.repeat(40)}12345678` })).toBe('video-12345678');
		expect(readableFileName({ id: '../task::x==', prompt: '  ' })).toBe('_task_x_');
	});

	it('is, for any id and prompt, short, made of safe characters, and ends with the end of the id', () => {
		fc.assert(
			fc.property(
				fc.string({ minLength: 1, maxLength: 200 }),
				fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
				(id, prompt) => {
					const name = readableFileName({ id, prompt });
					expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
					expect(name).not.toMatch(/^\./);
					expect(name.length).toBeLessThanOrEqual(40 + 1 + 32);
					const safeId = id.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '');
					expect(name.endsWith(safeId.slice(-8))).toBe(true);
				},
			),
		);
	});
});

describe('a typed file name', () => {
	it("keeps its own extension, and gets the file's when it has none", () => {
		expect(withExtension('clip.mov', 'mp4')).toBe('clip.mov');
		expect(withExtension('my clip', 'mp4')).toBe('my clip.mp4');
		expect(withExtension('v1.2 final', 'webp')).toBe('v1.2 final.webp');
	});
});
