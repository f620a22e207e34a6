import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { makePng } from '../../simulator/images';
import { getModels } from '../../nodes/SoraVideos/methods/loadOptions';
import { jsonAnswer as json, useLocalServers } from '../support/local-server';
import { createParameters, failureOf, loadOptionsContext } from '../support/node-context';
import { credentialsAt as credentials, runAt, useSimulators } from '../support/node-harness';

// What a user types or maps into the node's fields, read as they meant it: empty Extra Fields,
// reference images without a file name, URLs pasted with stray text, a Variant or an output field
// that an expression got wrong, and the Model list from a server's own /models.

useSimulators();
const { serve } = useLocalServers();

/** A server that answers every request with `answer` (a queued job by default) and keeps what it got. */
async function recordingServer(answer: IDataObject = { id: 'v1', status: 'queued', progress: 0 }) {
	const server = await serve(() => json(200, { object: 'video', model: 'sora-2', ...answer }));
	return { baseUrl: server.baseUrl, received: server.seen };
}

const createWith = (options: IDataObject) => ({ ...createParameters, options });

/** An input item holding `bytes` in binary property `image`, with no file name (as an HTTP Request node may give it). */
const unnamedImage = (bytes: Buffer, mimeType: string): INodeExecutionData => ({
	json: {},
	binary: { image: { data: bytes.toString('base64'), mimeType } },
});

/** The smallest JPEG the size reader accepts: SOI, then a start-of-frame segment of 720x1280. */
const jpeg720x1280 = Buffer.from([
	0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x05, 0x00, 0x02, 0xd0, 0x03, 0x01, 0x22, 0x00, 0x02,
	0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
]);

describe('Server: Extra Fields', () => {
	it('left empty sends nothing extra', async () => {
		const server = await recordingServer();
		const { output } = await runAt(server.baseUrl, createWith({ additionalBodyFields: '' }));
		expect(output[0].json.id).toBe('v1');
		expect(server.received).toHaveLength(1);
	});

	it.each(['null', '7', '"seed"'])(
		'%s is refused as not a JSON object, before anything is sent',
		async (text) => {
			const server = await recordingServer();
			const failure = await failureOf(
				runAt(server.baseUrl, createWith({ additionalBodyFields: text })),
			);
			expect(failure.message).toBe(
				'Item 0, field "Server: Extra Fields": this is not a JSON object',
			);
			expect(server.received).toHaveLength(0);
		},
	);
});

describe('the reference image', () => {
	it('a missing binary property names the ones the item has', async () => {
		const server = await recordingServer();
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
		const server = await recordingServer();
		const failure = await failureOf(
			runAt(server.baseUrl, createWith({ referenceImageBinaryProperty: 'image' })),
		);
		expect(failure.description).toBe(
			'The input item has no binary data at all; add a node that loads the image before this one.',
		);
	});

	it.each([
		['PNG', makePng(720, 1280), 'image/png', 'reference.png'],
		['JPEG', jpeg720x1280, 'image/jpeg', 'reference.jpg'],
	])(
		'a %s without a file name is sent under a name with its own extension',
		async (_type, bytes, mimeType, fileName) => {
			const server = await recordingServer();
			await runAt(server.baseUrl, createWith({ referenceImageBinaryProperty: 'image' }), {
				items: [unnamedImage(bytes, mimeType)],
			});
			const body = server.received[0].body.toString('latin1');
			expect(body).toContain(`filename="${fileName}"`);
			expect(body).toContain(`Content-Type: ${mimeType}`);
		},
	);

	it.each([
		['with a space inside', 'https://example.com/my frame.png'],
		['that only contains an https URL', 'ftp://mirror.example/https://example.com/a.png'],
	])('a URL %s is refused before anything is sent', async (_case, url) => {
		const server = await recordingServer();
		const failure = await failureOf(runAt(server.baseUrl, createWith({ referenceImageUrl: url })));
		expect(failure.message).toBe(
			`Item 0, field "Reference Image URL": "${url}" is not an https or data: URL`,
		);
		expect(server.received).toHaveLength(0);
	});
});

describe('Download fields set by expressions', () => {
	it('a Variant that is not one names the ones there are', async () => {
		const server = await recordingServer();
		const failure = await failureOf(
			runAt(server.baseUrl, {
				operation: 'download',
				videoId: 'v1',
				variant: 'poster',
				binaryPropertyName: 'data',
			}),
		);
		expect(failure.message).toBe('Item 0, field "Variant": "poster" is not a variant');
		expect(failure.description).toBe('Use one of video, thumbnail, spritesheet.');
	});

	it('an output field that came out empty (null) is refused, naming the field', async () => {
		const server = await recordingServer({ id: 'v1', status: 'completed', progress: 100 });
		const failure = await failureOf(
			runAt(server.baseUrl, {
				operation: 'download',
				videoId: 'v1',
				variant: 'video',
				binaryPropertyName: null,
			}),
		);
		expect(failure.message).toBe(
			'Item 0, field "Put Output File in Field": the binary property name is empty',
		);
		expect(server.received).toHaveLength(0);
	});
});

/** A server whose GET /models answers `body`; returns its origin and the requests it got. */
const modelsServer = async (body: unknown) => await serve(() => json(200, body));

describe('the Model list', () => {
	it("lists the server's own models, from a Base URL typed with spaces and trailing slashes, with its query parameters", async () => {
		const server = await modelsServer({
			object: 'list',
			data: [{ id: 'wan-2.2' }, { id: '' }, { id: 7 }, { object: 'model' }, { id: 'sora-2' }],
		});
		const options = await getModels.call(
			loadOptionsContext(
				credentials(` ${server.origin}/v1// `, { queryParameters: 'provider=openai' }),
			),
		);
		expect(options.map((option) => option.value)).toEqual(['wan-2.2', 'sora-2', '']);
		expect(server.seen.map((request) => request.path)).toEqual(['/v1/models?provider=openai']);
	});

	it('sends no query string when the credential has no query parameters', async () => {
		const server = await modelsServer({ data: [{ id: 'sora-2' }] });
		await getModels.call(loadOptionsContext(credentials(`${server.origin}/v1`)));
		expect(server.seen.map((request) => request.path)).toEqual(['/v1/models']);
	});
});

describe('the reference image, named with stray spaces', () => {
	it('a binary property typed as " image " still finds the image and sends it', async () => {
		const server = await recordingServer();
		await runAt(server.baseUrl, createWith({ referenceImageBinaryProperty: ' image ' }), {
			items: [unnamedImage(makePng(720, 1280), 'image/png')],
		});
		expect(server.received).toHaveLength(1);
		expect(server.received[0].body.toString('latin1')).toContain('filename="reference.png"');
	});
});
