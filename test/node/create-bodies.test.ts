import type { IDataObject } from 'n8n-workflow';

import { makePng } from '../../simulator/images';
import { jsonAnswer as json, useLocalServers } from '../support/local-server';
import { createParameters, runNode } from '../support/node-context';
import { credentialsAt, pngItem, useSimulators } from '../support/node-harness';

// The create request a server receives, as its own docs describe it: what goes as JSON, where a
// reference image from the workflow's binary data goes, and in what form.

useSimulators();
const { serve } = useLocalServers();

async function createAt(credentials: IDataObject, options: IDataObject, png: Buffer) {
	const server = await serve(() => json(200, { id: 'v1', object: 'video', status: 'queued' }));
	await runNode({
		credentials: credentialsAt(server.baseUrl, credentials),
		parameters: {
			...createParameters,
			options: { referenceImageBinaryProperty: 'image', ...options },
		},
		items: [pngItem(png)],
	});
	const [request] = server.seen;
	return { contentType: String(request.headers['content-type']), body: request.body };
}

describe('a reference image from binary data, on a server that takes JSON', () => {
	const png = makePng(720, 1280);
	const dataUrl = `data:image/png;base64,${png.toString('base64')}`;

	it('Bifrost gets it as a data: URL string in input_reference', async () => {
		const sent = await createAt({ server: 'bifrost' }, {}, png);
		expect(sent.contentType).toMatch(/^application\/json/);
		expect(JSON.parse(sent.body.toString('utf8'))).toMatchObject({ input_reference: dataUrl });
	});

	it('Server: Send as JSON sends it as {image_url: data: URL}, the OpenAI form', async () => {
		const sent = await createAt({}, { sendAsJson: true }, png);
		expect(sent.contentType).toMatch(/^application\/json/);
		expect(JSON.parse(sent.body.toString('utf8'))).toMatchObject({
			input_reference: { image_url: dataUrl },
		});
	});
});

describe('a reference image named with stray spaces', () => {
	it('a binary property typed as " image " still finds the image and sends it', async () => {
		const server = await serve(() => json(200, { id: 'v1', object: 'video', status: 'queued' }));
		await runNode({
			credentials: credentialsAt(server.baseUrl),
			parameters: { ...createParameters, options: { referenceImageBinaryProperty: ' image ' } },
			items: [pngItem(makePng(720, 1280))],
		});
		expect(server.seen).toHaveLength(1);
		expect(server.seen[0].body.toString('latin1')).toContain('name="input_reference"');
	});
});
