import type { IDataObject } from 'n8n-workflow';

import { jsonAnswer as json, useLocalServers } from '../support/local-server';
import { createParameters, runNode } from '../support/node-context';
import { credentialsAt, useSimulators } from '../support/node-harness';

// The form each field of a create takes: a reference image URL under "Server: Image JSON Form"
// (over what the credential's Server choice would pick; a multipart body keeps the server's own
// form), and Extra Fields that are not text in a multipart body.

useSimulators();
const { serve } = useLocalServers();
const url = 'https://images.example.com/first-frame.png';

async function fieldsSent(credentials: IDataObject, options: IDataObject) {
	const server = await serve(() => json(200, { id: 'v1', object: 'video', status: 'queued' }));
	await runNode({
		credentials: credentialsAt(server.baseUrl, credentials),
		parameters: { ...createParameters, options },
	});
	const [request] = server.seen;
	const contentType = String(request.headers['content-type']);
	if (contentType.startsWith('application/json')) return JSON.parse(request.body.toString('utf8'));
	const form = await new Response(request.body, {
		headers: { 'content-type': contentType },
	}).formData();
	return Object.fromEntries(form.entries());
}

describe('Server: Image JSON Form', () => {
	it('String sends the URL as a plain string, where the server would take an object', async () => {
		expect(
			await fieldsSent({}, { referenceImageUrl: url, referenceImageJsonForm: 'string' }),
		).toMatchObject({
			input_reference: url,
		});
	});

	it('Object sends {image_url}, where Bifrost would take a string', async () => {
		expect(
			await fieldsSent(
				{ server: 'bifrost' },
				{ referenceImageUrl: url, referenceImageJsonForm: 'object' },
			),
		).toMatchObject({ input_reference: { image_url: url } });
	});

	it('a multipart create to vLLM-Omni keeps its own form, whatever the option says', async () => {
		expect(
			await fieldsSent(
				{ server: 'vllmOmni' },
				{ referenceImageUrl: url, referenceImageJsonForm: 'object' },
			),
		).toMatchObject({ image_reference: JSON.stringify({ image_url: url }) });
	});
});

describe('Server: Extra Fields in a multipart create', () => {
	it('a number goes as its digits, an object or list as its JSON text', async () => {
		const extra = { seed: 42, guidance: { scale: 7.5 }, negative: ['blur', 'text'] };
		expect(
			await fieldsSent({ server: 'vllmOmni' }, { additionalBodyFields: JSON.stringify(extra) }),
		).toMatchObject({
			seed: '42',
			guidance: '{"scale":7.5}',
			negative: '["blur","text"]',
		});
	});
});
