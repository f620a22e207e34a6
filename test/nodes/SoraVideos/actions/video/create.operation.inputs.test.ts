import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { makePng } from '../../../../../simulator/images';
import { jsonAnswer as json, useLocalServers } from '../../../../support/local-server';
import { createParameters, failureOf } from '../../../../support/node-context';
import { runAt, simulator, useSimulators } from '../../../../support/node-harness';
import { itRefusesBeforeSending } from '../../../../support/preflight';

// What Create refuses before it sends anything, so that no paid job starts from a mistake: each
// refusal names the item and the field, and says what is wrong and what to do.

useSimulators();
const { serve } = useLocalServers();

/** A queued job, the answer a create would get had it been sent. */
const queuedJob = () =>
	json(200, { id: 'v1', object: 'video', status: 'queued', progress: 0, model: 'sora-2' });

const createWith = (options: IDataObject) => ({ ...createParameters, options });

describe('Server: Extra Fields', () => {
	it.each(['null', '7', '"seed"'])(
		'%s is refused as not a JSON object, before anything is sent',
		async (text) => {
			const server = await serve(queuedJob);
			const failure = await failureOf(
				runAt(server.baseUrl, createWith({ additionalBodyFields: text })),
			);
			expect(failure.message).toBe(
				'Item 0, field "Server: Extra Fields": this is not a JSON object',
			);
			expect(server.seen).toHaveLength(0);
		},
	);
});

describe('the reference image', () => {
	it('a missing binary property names the ones the item has', async () => {
		const server = await serve(queuedJob);
		const png = makePng(720, 1280).toString('base64');
		const item: INodeExecutionData = {
			json: {},
			binary: {
				front: { data: png, mimeType: 'image/png' },
				back: { data: png, mimeType: 'image/png' },
			},
		};
		const failure = await failureOf(
			runAt(server.baseUrl, createWith({ referenceImageBinaryProperty: 'image' }), {
				items: [item],
			}),
		);
		expect(failure.description).toBe('It has: front, back.');
	});

	it('an item with no binary data at all says to load the image first', async () => {
		const server = await serve(queuedJob);
		const failure = await failureOf(
			runAt(server.baseUrl, createWith({ referenceImageBinaryProperty: 'image' })),
		);
		expect(failure.description).toBe(
			'The input item has no binary data at all; add a node that loads the image before this one.',
		);
	});

	it.each([
		['with a space inside', 'https://example.com/my frame.png'],
		['that only contains an https URL', 'ftp://mirror.example/https://example.com/a.png'],
	])('a URL %s is refused before anything is sent', async (_case, url) => {
		const server = await serve(queuedJob);
		const failure = await failureOf(runAt(server.baseUrl, createWith({ referenceImageUrl: url })));
		expect(failure.message).toBe(
			`Item 0, field "Reference Image URL": "${url}" is not an https or data: URL`,
		);
		expect(server.seen).toHaveLength(0);
	});
});

describe('reference images', () => {
	it.each([
		['the right width but the wrong height', 720, 1000],
		['the right height but the wrong width', 700, 1280],
	])('an image with %s is refused before anything is sent', async (_name, width, height) => {
		const sim = await simulator();
		const items = [
			{
				json: {},
				binary: {
					image: { data: makePng(width, height).toString('base64'), mimeType: 'image/png' },
				},
			},
		];
		const failure = await failureOf(
			runAt(
				sim.baseUrl,
				{
					...createParameters,
					prompt: 'first frame',
					options: { referenceImageBinaryProperty: 'image' },
				},
				{ items },
			),
		);
		expect(failure.message).toMatch(
			new RegExp(`${width}x${height} pixels but the video size is 720x1280`),
		);
		// The fix as n8n's Edit Image node words it: its default keeps the aspect ratio.
		expect(failure.description).toMatch(
			/Edit Image node: Operation Resize, Width 720, Height 1280, Option "Ignore Aspect Ratio"/,
		);
		expect(sim.log()).toEqual([]);
	});
});

describe('pre-flight checks send no request', () => {
	describe('every locally detectable mistake names the item and the field, and sends nothing', () => {
		const png = (width: number, height: number) => makePng(width, height);
		const corruptedPng = Buffer.concat([
			png(720, 1280).subarray(0, 16),
			Buffer.from('garbage, not an IHDR chunk'),
		]);
		const create = (change: IDataObject) => ({
			operation: 'create',
			prompt: 'ok',
			model: 'sora-2',
			seconds: '4',
			size: '720x1280',
			options: {},
			...change,
		});
		itRefusesBeforeSending([
			['create: an empty prompt', create({ prompt: '' }), 'Prompt', /the prompt is empty/, null],
			[
				'create: a prompt of 32001 characters',
				create({ prompt: 'x'.repeat(32001) }),
				'Prompt',
				/the prompt has 32001 characters; the limit is 32000/,
				null,
			],
			[
				'create: seconds that are not a number',
				create({ seconds: 'ten' }),
				'Seconds',
				/"ten" is not a duration in seconds/,
				null,
			],
			[
				'create: seconds sora-2 does not take',
				create({ seconds: '10' }),
				'Seconds',
				/sora-2 does not accept 10 seconds/,
				null,
			],
			[
				'create: a pro size on sora-2',
				create({ size: '1920x1080' }),
				'Size',
				/sora-2 does not support 1920x1080\. 1920x1080 needs sora-2-pro/,
				null,
			],
			[
				'create: a size that is not WxH',
				create({ size: 'big' }),
				'Size',
				/"big" is not a size/,
				null,
			],
			[
				'create: additional fields that are not JSON',
				create({ options: { additionalBodyFields: '{nope' } }),
				'Server: Extra Fields',
				/not valid JSON/,
				null,
			],
			[
				'create: additional fields that are not an object',
				create({ options: { additionalBodyFields: '[1]' } }),
				'Server: Extra Fields',
				/not a JSON object/,
				null,
			],
			[
				'create: a plain http reference URL',
				create({ options: { referenceImageUrl: 'http://example.com/a.png' } }),
				'Reference Image URL',
				/not an https or data: URL/,
				null,
			],
			[
				'create: a data: URL that is not base64',
				create({ options: { referenceImageUrl: 'data:image/png,abc' } }),
				'Reference Image URL',
				/not base64/,
				null,
			],
			[
				'create: both a reference property and a URL',
				create({
					options: {
						referenceImageBinaryProperty: 'image',
						referenceImageUrl: 'https://example.com/a.png',
					},
				}),
				'Reference Image URL',
				/both a binary property and a URL/,
				null,
			],
			[
				'create: a missing binary property',
				create({ options: { referenceImageBinaryProperty: 'photo' } }),
				'Reference Image Field',
				/no binary property "photo"/,
				png(720, 1280),
			],
			[
				'create: a binary that is not an image',
				create({ options: { referenceImageBinaryProperty: 'image' } }),
				'Reference Image Field',
				/not a readable JPEG, PNG or WebP/,
				Buffer.from('%PDF-1.4 not an image'),
			],
			[
				'create: a PNG with a corrupted header',
				create({ options: { referenceImageBinaryProperty: 'image' } }),
				'Reference Image Field',
				/not a readable JPEG, PNG or WebP/,
				corruptedPng,
			],
			[
				'create: an image of the wrong pixel size',
				create({ options: { referenceImageBinaryProperty: 'image' } }),
				'Reference Image Field',
				/1280x720 pixels but the video size is 720x1280/,
				png(1280, 720),
			],
		]);
	});
});
