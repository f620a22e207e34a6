import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { makePng, type ServerProfile } from '../../../../../simulator';
import {
	jsonAnswer as json,
	useLocalServers,
	type Route,
	type SeenRequest,
} from '../../../../support/local-server';
import { createParameters, runNode } from '../../../../support/node-context';
import {
	credentialsAt,
	pngItem,
	run,
	runAt,
	simulator,
	useSimulators,
} from '../../../../support/node-harness';
import {
	createServed,
	runWithServer,
	servedModelCreate,
	WAN,
} from '../../../../support/self-hosted';

// The create request a server receives, as its own docs describe it: what goes as JSON or as a
// multipart form, where a reference image (from the workflow's binary data or a URL) goes and in
// what form, the model, seconds and size as typed or left to the server, and Extra Fields.

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

const queued: Route = () => json(200, { id: 'video_1', object: 'video', status: 'queued' });

/** The fields of the multipart body a create sent. */
async function formOf(request: SeenRequest): Promise<Record<string, string>> {
	const form = await new Response(request.body, {
		headers: { 'content-type': String(request.headers['content-type']) },
	}).formData();
	return Object.fromEntries([...form.entries()].map(([name, value]) => [name, String(value)]));
}

describe('Server: Extra Fields', () => {
	it('left empty sends nothing extra', async () => {
		const server = await recordingServer();
		const { output } = await runAt(server.baseUrl, createWith({ additionalBodyFields: '' }));
		expect(output[0].json.id).toBe('v1');
		expect(server.received).toHaveLength(1);
	});
});

describe('the reference image', () => {
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
});

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
		const server = await recordingServer();
		await runAt(server.baseUrl, createWith({ referenceImageBinaryProperty: ' image ' }), {
			items: [unnamedImage(makePng(720, 1280), 'image/png')],
		});
		expect(server.received).toHaveLength(1);
		const body = server.received[0].body.toString('latin1');
		expect(body).toContain('name="input_reference"');
		expect(body).toContain('filename="reference.png"');
	});
});

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

describe('Create', () => {
	it('sends a model typed with spaces around it without them', async () => {
		const server = await serve(queued);
		const { output } = await runAt(server.baseUrl, { ...createParameters, model: ' sora-2 ' });
		expect(output[0].json.id).toBe('video_1');
		expect(await formOf(server.seen[0])).toEqual({
			prompt: createParameters.prompt,
			model: 'sora-2',
			seconds: '4',
			size: '720x1280',
		});
	});

	it('a model expression that gives null leaves the model to the server', async () => {
		const server = await serve(queued);
		await runAt(server.baseUrl, { ...createParameters, model: null });
		expect(await formOf(server.seen[0])).toEqual({
			prompt: createParameters.prompt,
			seconds: '4',
			size: '720x1280',
		});
	});

	it('sends a Reference Image URL pasted with spaces around it without them', async () => {
		const server = await serve(queued);
		await runAt(server.baseUrl, {
			...createParameters,
			options: { referenceImageUrl: '  https://example.com/first-frame.png \n' },
		});
		expect(server.seen[0].headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(server.seen[0].body.toString('utf8'))).toEqual({
			prompt: createParameters.prompt,
			model: 'sora-2',
			seconds: '4',
			size: '720x1280',
			input_reference: { image_url: 'https://example.com/first-frame.png' },
		});
	});
});

describe('operations that some servers lack', () => {
	it('sends a reference image from binary data as a multipart file part', async () => {
		const sim = await simulator('openai', { validateRequests: true });
		const { output } = await run(
			sim,
			{
				...createParameters,
				prompt: 'first frame given',
				options: { referenceImageBinaryProperty: 'image' },
			},
			{ items: [pngItem(makePng(720, 1280))] },
		);
		expect(output[0].json.status).toBe('queued');
		expect(sim.count('POST /videos')).toBe(1);
	});

	it('sends the reference image as a data: URL in a JSON body, in both JSON forms', async () => {
		const dataUrl = `data:image/png;base64,${makePng(1280, 720).toString('base64')}`;
		const openai = await simulator();
		const viaUrl = await run(openai, {
			operation: 'create',
			prompt: 'p',
			model: 'sora-2',
			seconds: '8',
			size: '1280x720',
			options: { referenceImageUrl: dataUrl },
		});
		expect(viaUrl.output[0].json.status).toBe('queued');
		const bifrost = await simulator('bifrost');
		const viaString = await run(bifrost, {
			operation: 'create',
			prompt: 'p',
			model: 'openai/sora-2',
			seconds: '8',
			size: '1280x720',
			options: { referenceImageUrl: dataUrl, referenceImageJsonForm: 'string' },
		});
		expect(viaString.output[0].json.id).toContain(':');
	});
});

describe('pre-flight checks send no request', () => {
	it('leaves seconds and size to the server when an expression gives an empty value', async () => {
		const sim = await simulator();
		const created = await run(sim, {
			operation: 'create',
			prompt: 'server defaults',
			model: 'sora-2',
			seconds: '',
			size: ' ',
			options: {},
		});
		expect(created.output[0].json).toMatchObject({
			status: 'queued',
			seconds: '4',
			size: '720x1280',
		});
		expect(sim.count('POST /videos')).toBe(1);
	});

	it('accepts a prompt of 32000 characters even when they are emoji (two UTF-16 units each)', async () => {
		const sim = await simulator();
		const created = await run(sim, {
			operation: 'create',
			prompt: '🎬'.repeat(32000),
			model: 'sora-2',
			seconds: '4',
			size: '720x1280',
			options: {},
		});
		expect(created.output[0].json.status).toBe('queued');
	});

	it("sends a gateway model's own duration and size as given", async () => {
		const sim = await simulator();
		const created = await run(sim, {
			operation: 'create',
			prompt: 'a wave',
			model: 'wan-2.2',
			seconds: '5',
			size: '1920x1080',
			options: {},
		});
		expect(created.output[0].json).toMatchObject({
			model: 'wan-2.2',
			seconds: '5',
			size: '1920x1080',
		});
	});
});

describe('reference images by URL go in the field each server reads', () => {
	it.each([
		['vllm-omni', 'vllmOmni', 'image_reference', 'multipart/form-data'],
		['sglang', 'sglang', 'reference_url', 'multipart/form-data'],
		['trt', 'tensorrtLlm', 'image_reference', 'multipart/form-data'],
		['openai', 'auto', 'input_reference', 'application/json'],
		['bifrost', 'bifrost', 'input_reference', 'application/json'],
	])('%s with Server %s: %s', async (profile, server, field, contentType) => {
		const sim = await simulator(profile as ServerProfile);
		const model = profile === 'bifrost' ? 'openai/sora-2' : profile === 'openai' ? 'sora-2' : WAN;
		const size = profile === 'openai' || profile === 'bifrost' ? '720x1280' : '832x480';
		const job = await createServed(
			sim,
			{ model, size, options: { referenceImageUrl: url } },
			server,
		);
		expect(sim.referenceOf(job.id)).toEqual({ kind: 'image_url', field });
		expect(
			sim.log().find((entry) => entry.route === 'POST /videos')?.headers['content-type'],
		).toMatch(new RegExp(`^${contentType}`));
	});

	it('a binary reference image goes as the input_reference file on all three', async () => {
		for (const profile of ['vllm-omni', 'sglang', 'trt'] as ServerProfile[]) {
			const sim = await simulator(profile);
			const { output } = await runWithServer(
				sim,
				servedModelCreate({ options: { referenceImageBinaryProperty: 'image' } }),
				undefined,
				{ items: [pngItem(makePng(832, 480))] },
			);
			expect(sim.referenceOf(String(output[0].json.id))).toEqual({
				kind: 'file',
				field: 'input_reference',
			});
		}
	});
});

describe("the credential's Server choice", () => {
	it('Bifrost: a JSON create without turning on Server: Send as JSON', async () => {
		const sim = await simulator('bifrost');
		const job = await createServed(sim, { model: 'openai/sora-2', size: '720x1280' }, 'bifrost');
		expect(job.id).toContain(':');
		expect(sim.log()[0].headers['content-type']).toMatch(/^application\/json/);
	});

	it('Server: Send as JSON still overrides it', async () => {
		const sim = await simulator('sglang');
		await createServed(sim, { options: { sendAsJson: true } }, 'sglang');
		expect(sim.log()[0].headers['content-type']).toMatch(/^application\/json/);
	});
});

describe('Model', () => {
	it('an empty Model is left out, and vLLM-Omni renders its own', async () => {
		const sim = await simulator('vllm-omni');
		const job = await createServed(sim, { model: '' });
		expect(job).toMatchObject({ model: WAN, status: 'queued' });
	});

	it('with Server vLLM-Omni, the default sora-2 is left out instead of being refused', async () => {
		const sim = await simulator('vllm-omni');
		const job = await createServed(sim, { model: 'sora-2' }, 'vllmOmni');
		expect(job.model).toBe(WAN);
	});
});
