/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { request } from 'node:http';
import NodeFormData from 'form-data';
import { makePng } from '../../../simulator';
import { form, testResponseSchemas, useValidatedServer, type JsonBody } from '../helpers';

// Multipart create bodies (simulator/validation/multipart-body.ts), from fetch's FormData and
// built the way n8n's HTTP Request node builds one: the form-data package, a Buffer appended with
// {filename, contentType, knownLength}, sent with http.request.

const t = useValidatedServer();

const post = (body: FormData) => t.json('/videos', { method: 'POST', body });

test('input_reference[image_url] in multipart (how openai-node flattens the object form)', async () => {
	const res = await post(
		form({ prompt: 'p', 'input_reference[image_url]': 'https://example.com/a.png' }),
	);
	expect(res.status).toBe(200);
});

test('multipart seconds outside the set is invalid_value', async () => {
	const res = await post(form({ prompt: 'p', seconds: '5' }));
	expect(res.status).toBe(400);
	expect(res.body.error.code).toBe('invalid_value');
});

function send(form: NodeFormData): Promise<{ status: number; body: JsonBody }> {
	return new Promise((resolve, reject) => {
		const req = request(
			`${t.sim.baseUrl}/videos`,
			{
				method: 'POST',
				headers: {
					...form.getHeaders(),
					authorization: `Bearer ${t.sim.apiKey}`,
					'content-length': String(form.getLengthSync()),
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						body: JSON.parse(Buffer.concat(chunks).toString()),
					}),
				);
			},
		);
		req.on('error', reject);
		form.pipe(req);
	});
}

function n8nForm(
	image: Buffer,
	contentType = 'image/png',
	filename: string | undefined = 'frame.png',
): NodeFormData {
	const form = new NodeFormData();
	form.append('prompt', 'a kite over the dunes');
	form.append('model', 'sora-2-pro');
	form.append('seconds', '12');
	form.append('size', '1792x1024');
	form.append('input_reference', image, { filename, contentType, knownLength: image.length });
	return form;
}

test('accepted, with the file part read as the reference image', async () => {
	const res = await send(n8nForm(makePng(1792, 1024)));
	expect(res.status).toBe(200);
	expect(res.body).toMatchObject({
		model: 'sora-2-pro',
		seconds: '12',
		size: '1792x1024',
		status: 'queued',
	});
});

test('a binary sent as application/octet-stream (n8n without a MIME type) is invalid_type', async () => {
	const res = await send(n8nForm(makePng(1792, 1024), 'application/octet-stream'));
	expect(res.status).toBe(400);
	expect(res.body.error.message).toBe(
		"Invalid type for 'input_reference': expected a file, but got a string instead.",
	);
});

test('a wrong-sized image is rejected like OpenAI does', async () => {
	const res = await send(n8nForm(makePng(1024, 1792)));
	expect(res.status).toBe(400);
	expect(res.body.error.message).toBe('Inpaint image must match the requested width and height');
	expect(t.sim.schemaViolations()).toEqual([]);
});

testResponseSchemas(t);
