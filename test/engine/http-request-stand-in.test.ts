// The engine harness's HTTP Request stand-in (support/engine/stand-ins.ts) does what the real
// node does for image-to-video's sample image: a GET whose body becomes binary `data`, with the
// answer's MIME type and the URL's file name, beside the input item's JSON; a failing answer
// fails the node. The real node runs in `npm run test:e2e`.
import { startSimulator, type Simulator } from '../../simulator';
import { samplePng } from '../../simulator/samples';
import {
	createEngine,
	loadPackage,
	type Engine,
	type WorkflowJson,
} from '../../support/engine/engine';

let engine: Engine;
let sim: Simulator;
beforeAll(async () => {
	engine = await createEngine({ nodeTypes: loadPackage('source') });
	sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
	await sim.stop();
	await engine.dispose();
});

function fetchFile(url: string): WorkflowJson {
	return {
		name: 'HTTP Request stand-in',
		nodes: [
			{
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [-200, 0],
				parameters: {},
			},
			{
				name: 'Rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [0, 0],
				parameters: { jsCode: "return [{ json: { row: 'kept' } }];" },
			},
			{
				name: 'Fetch',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [200, 0],
				parameters: { url, options: { response: { response: { responseFormat: 'file' } } } },
			},
		],
		connections: {
			Manual: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Fetch', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

test('GET with Response Format File: the body in binary "data", its MIME type and file name, the item kept', async () => {
	const run = await engine.run(fetchFile(`${sim.baseUrl}/samples/reference-1280x720.png`), {
		credentials: {},
	});
	expect(run.nodeErrors()).toEqual({});
	const [item] = run.items('Fetch');
	expect(item.json).toEqual({ row: 'kept' });
	expect(item.pairedItem).toEqual({ item: 0 });
	expect(item.binary!.data).toMatchObject({
		mimeType: 'image/png',
		fileName: 'reference-1280x720.png',
		fileExtension: 'png',
	});
	expect(await engine.readBinary(item.binary!.data)).toEqual(samplePng('1280x720'));
});

test('an answer of 404 fails the node', async () => {
	const run = await engine.run(fetchFile(`${sim.baseUrl}/samples/reference-1x1.png`), {
		credentials: {},
	});
	// n8n's message for a 404, as the real node shows it.
	expect(run.nodeErrors().Fetch).toBe('The resource you are requesting could not be found');
});
