import { makePng } from '../../../../simulator';
import {
	dataUrlOf,
	openRouterBody,
	openRouterSize,
} from '../../../../nodes/SoraVideos/helpers/createBody';

// OpenRouter's create body (docs/protocol.md rule 39): Seconds as the number `duration`, Size in
// its words, the reference image and the last frame as `frame_images`, Generate Audio as itself.

describe('a Size in OpenRouter’s words', () => {
	it.each([
		['1280x720', '16:9', '720p'],
		['720x1280', '9:16', '720p'],
		['1920x1080', '16:9', '1080p'],
		['1080x1920', '9:16', '1080p'],
		['1024x1792', '4:7', '1024p'],
		['960x960', '1:1', '960p'],
	])('%s is the aspect ratio %s at %s', (size, aspectRatio, resolution) => {
		expect(openRouterSize(size, null)).toEqual({ aspect_ratio: aspectRatio, resolution });
	});

	it('is the size itself where the model lists it exactly, else the ratio and resolution', () => {
		const exact = ['1280x720', '1792x1024'];
		expect(openRouterSize('1792x1024', exact)).toEqual({ size: '1792x1024' });
		expect(openRouterSize('1920x1080', exact)).toEqual({
			aspect_ratio: '16:9',
			resolution: '1080p',
		});
	});
});

describe('the body', () => {
	const png = makePng(640, 360);
	const image = { bytes: png, mimeType: 'image/png', fileName: 'first.png' };

	it('carries only OpenRouter’s fields: duration a number, frames typed, audio as chosen', () => {
		const body = openRouterBody(
			{ seed: 7, model: 'google/veo-3.1', prompt: 'a lighthouse' },
			{
				seconds: '8',
				size: '720x1280',
				exactSizes: null,
				firstFrame: dataUrlOf(image),
				lastFrame: 'https://example.com/last.png',
				generateAudio: false,
			},
		);
		expect(body).toEqual({
			seed: 7,
			model: 'google/veo-3.1',
			prompt: 'a lighthouse',
			duration: 8,
			aspect_ratio: '9:16',
			resolution: '720p',
			frame_images: [
				{
					type: 'image_url',
					image_url: { url: `data:image/png;base64,${png.toString('base64')}` },
					frame_type: 'first_frame',
				},
				{
					type: 'image_url',
					image_url: { url: 'https://example.com/last.png' },
					frame_type: 'last_frame',
				},
			],
			generate_audio: false,
		});
	});

	it('leaves out what was not chosen, so the model’s defaults apply', () => {
		expect(openRouterBody({ model: 'google/veo-3.1', prompt: 'p' }, { exactSizes: null })).toEqual({
			model: 'google/veo-3.1',
			prompt: 'p',
		});
		const lastOnly = openRouterBody(
			{ model: 'm', prompt: 'p' },
			{ exactSizes: null, lastFrame: 'https://example.com/l.png' },
		);
		expect(lastOnly.frame_images).toEqual([expect.objectContaining({ frame_type: 'last_frame' })]);
	});
});
