// The harness's stand-ins for n8n-nodes-base nodes behave like the real ones on what the examples
// (and workflows like them) use: stand-ins.ts, and at the end flow-stand-ins.ts (Schedule Trigger,
// If, Wait, Stop and Error, for the long-render examples). The real nodes run in
// `npm run test:e2e` (the long-render ones in the 2.40.7-trigger-* and 2.40.7-loop-regular cells).
import type { IDataObject } from 'n8n-workflow';

import {
	createEngine,
	loadPackage,
	type Engine,
	type WorkflowJson,
	type WorkflowNodeJson,
} from '../../support/engine/engine';

let engine: Engine;
beforeAll(async () => {
	engine = await createEngine({ nodeTypes: loadPackage('source') });
});
afterAll(async () => {
	await engine.dispose();
});

const TRIGGER: WorkflowNodeJson = {
	name: 'Manual',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function code(name: string, jsCode: string, mode = 'runOnceForAllItems'): WorkflowNodeJson {
	return {
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [200, 0],
		parameters: { mode, language: 'javaScript', jsCode },
	};
}

function chain(...nodes: WorkflowNodeJson[]): WorkflowJson {
	const connections: WorkflowJson['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { name: 'stand-in test', nodes, connections, settings: { executionOrder: 'v1' } };
}

const run = async (workflow: WorkflowJson, options: IDataObject = {}) =>
	await engine.run(workflow, { credentials: {}, ...options });

describe('Code', () => {
	test('runOnceForAllItems: items, $input.all(), plain objects wrapped into json, pairing added by n8n', async () => {
		const result = await run(
			chain(
				TRIGGER,
				code('Rows', 'return [1, 2, 3].map((n) => ({ n }));'),
				code(
					'Double',
					'return $input.all().map((item, i) => ({ json: { n: item.json.n * 2, same: items[i].json.n === item.json.n } }));',
				),
			),
		);
		expect(result.status).toBe('success');
		expect(result.items('Rows').map((item) => item.json)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
		expect(result.items('Double').map((item) => item.json)).toEqual([
			{ n: 2, same: true },
			{ n: 4, same: true },
			{ n: 6, same: true },
		]);
		expect(result.items('Double').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});

	test('runOnceForEachItem: $json and item per item', async () => {
		const result = await run(
			chain(
				TRIGGER,
				code('Rows', 'return [{ a: 1 }, { a: 5 }];'),
				code('Each', 'return { json: { b: $json.a + item.json.a } };', 'runOnceForEachItem'),
			),
		);
		expect(result.items('Each').map((item) => item.json)).toEqual([{ b: 2 }, { b: 10 }]);
	});

	test('expressions of other nodes work inside the code ($("Node"))', async () => {
		const result = await run(
			chain(
				TRIGGER,
				code('Rows', 'return [{ a: 7 }];'),
				code('Read', 'return [{ json: { seen: $("Rows").first().json.a } }];'),
			),
		);
		expect(result.items('Read')[0].json).toEqual({ seen: 7 });
	});

	test('no modules: require fails as with n8n’s default allow-list', async () => {
		const result = await run(
			chain(TRIGGER, code('Zlib', 'const zlib = require("zlib"); return [];')),
		);
		expect(result.status).toBe('error');
		expect(result.nodeErrors().Zlib).toMatch(/Module 'zlib' is disallowed/);
	});

	test('n8n’s output rules: an unknown top-level key next to json is refused', async () => {
		const result = await run(chain(TRIGGER, code('Bad', 'return [{ json: {}, extra: 1 }];')));
		expect(result.nodeErrors().Bad).toMatch(/Unknown top-level item key: extra/);
	});

	test('binary returned by code stays inline (base64) and is readable by the next node’s helpers', async () => {
		const result = await run(
			chain(
				TRIGGER,
				code(
					'Bin',
					'return [{ json: {}, binary: { file: { data: Buffer.from("hello").toString("base64"), mimeType: "text/plain", fileName: "a.txt" } } }];',
				),
			),
		);
		const binary = result.items('Bin')[0].binary!.file;
		expect(binary.id).toBeUndefined();
		expect((await engine.readBinary(binary)).toString()).toBe('hello');
	});

	test('a thrown error fails the node with its message', async () => {
		const result = await run(chain(TRIGGER, code('Throw', 'throw new Error("nope");')));
		expect(result.nodeErrors().Throw).toBe('nope');
	});
});

describe('Webhook and Respond to Webhook', () => {
	const webhook = (responseMode: string): WorkflowNodeJson => ({
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		parameters: { httpMethod: 'POST', path: 'p', responseMode, options: {} },
		webhookId: '00000000-0000-4000-8000-000000000001',
	});

	test('the Webhook item carries the request as Webhook v2 shapes it', async () => {
		const result = await run(chain(webhook('onReceived')), {
			webhook: { body: { x: 1 }, query: { q: 'a' }, headers: { 'x-test': 'y' } },
		});
		expect(result.run.mode).toBe('webhook');
		expect(result.items('Webhook')[0].json).toEqual({
			headers: { 'content-type': 'application/json', 'x-test': 'y' },
			params: {},
			query: { q: 'a' },
			body: { x: 1 },
			webhookUrl: 'http://localhost:5678/webhook/p',
			executionMode: 'production',
		});
		expect(result.webhookResponse).toMatchObject({
			statusCode: 200,
			body: { message: 'Workflow was started' },
		});
	});

	test('responseMode lastNode answers with the last node’s first item', async () => {
		const result = await run(
			chain(webhook('lastNode'), code('Echo', 'return [{ echoed: $json.body.x }];')),
			{ webhook: { body: { x: 42 } } },
		);
		expect(result.webhookResponse).toEqual({
			statusCode: 200,
			headers: {},
			body: { echoed: 42 },
			from: 'Echo',
		});
	});

	test('Respond to Webhook: json, text, first incoming item, response code and headers', async () => {
		const respond = (parameters: IDataObject): WorkflowNodeJson => ({
			name: 'Respond',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.1,
			position: [400, 0],
			parameters,
		});
		const withJson = await run(
			chain(
				webhook('responseNode'),
				respond({
					respondWith: 'json',
					responseBody: '={{ { got: $json.body.x } }}',
					options: {
						responseCode: 201,
						responseHeaders: { entries: [{ name: 'X-A', value: 'b' }] },
					},
				}),
			),
			{ webhook: { body: { x: 3 } } },
		);
		expect(withJson.webhookResponse).toEqual({
			statusCode: 201,
			headers: { 'x-a': 'b' },
			body: { got: 3 },
			from: 'Respond',
		});
		const withText = await run(
			chain(
				webhook('responseNode'),
				respond({ respondWith: 'text', responseBody: '=hello {{ $json.body.x }}', options: {} }),
			),
			{ webhook: { body: { x: 4 } } },
		);
		expect(withText.webhookResponse?.body).toBe('hello 4');
		const first = await run(chain(webhook('responseNode'), respond({ options: {} })), {
			webhook: { body: { x: 5 } },
		});
		expect((first.webhookResponse?.body as IDataObject).body).toEqual({ x: 5 });
	});

	test('Respond to Webhook 1.1 without a Webhook node fails as the real one does', async () => {
		const result = await run(
			chain(TRIGGER, {
				name: 'Respond',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [200, 0],
				parameters: { options: {} },
			}),
		);
		expect(result.nodeErrors().Respond).toMatch(/No Webhook node found in the workflow/);
	});
});

test('an unknown node type or version is refused, as n8n refuses it', async () => {
	const unknownType = await run(
		chain(TRIGGER, {
			name: 'X',
			type: 'n8n-nodes-base.set',
			typeVersion: 3,
			position: [200, 0],
			parameters: {},
		}),
	).catch((error: Error) => error);
	expect(String((unknownType as Error).message ?? JSON.stringify(unknownType))).toMatch(
		/Unrecognized node type: n8n-nodes-base.set/,
	);
	const badVersion = await run(
		chain(TRIGGER, code('C', 'return [];'), {
			name: 'Y',
			type: 'n8n-nodes-sora-videos.soraVideos',
			typeVersion: 7,
			position: [400, 0],
			parameters: {},
		}),
	).catch((error: Error) => error);
	expect(String((badVersion as Error).message ?? JSON.stringify(badVersion))).toMatch(
		/has no version 7/,
	);
});

// ---------------------------------------------------------------------------------------------
// flow-stand-ins.ts

const node = (
	name: string,
	type: string,
	typeVersion: number,
	parameters: WorkflowNodeJson['parameters'] = {},
): WorkflowNodeJson => ({
	name,
	type: `n8n-nodes-base.${type}`,
	typeVersion,
	position: [0, 0],
	parameters,
});

const rows = node('Rows', 'code', 2, {
	jsCode: "return [{ status: 'completed' }, { status: 'in_progress' }, { status: 'COMPLETED' }];",
});

function workflow(
	nodes: WorkflowNodeJson[],
	links: Array<[string, string, number?]>,
): WorkflowJson {
	const connections: WorkflowJson['connections'] = {};
	for (const [from, to, output = 0] of links) {
		connections[from] ??= { main: [] };
		while (connections[from].main!.length <= output) connections[from].main!.push([]);
		connections[from].main![output]!.push({ node: to, type: 'main', index: 0 });
	}
	return { name: 'flow stand-ins', nodes, connections, settings: { executionOrder: 'v1' } };
}

const isCompleted = node('Finished?', 'if', 2.2, {
	conditions: {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
		conditions: [
			{
				id: 'c1',
				leftValue: '={{ $json.status }}',
				rightValue: 'completed',
				operator: { type: 'string', operation: 'equals' },
			},
		],
		combinator: 'and',
	},
	options: {},
});

test('Schedule Trigger run by hand starts the workflow with one item', async () => {
	const run = await engine.run(
		workflow([node('Hourly', 'scheduleTrigger', 1.2), rows], [['Hourly', 'Rows']]),
		{ credentials: {} },
	);
	expect(run.status).toBe('success');
	expect(run.items('Hourly')).toHaveLength(1);
});

test('If sends each item to true or false by its conditions, case-sensitive as saved, paired', async () => {
	const run = await engine.run(
		workflow(
			[node('Manual', 'manualTrigger', 1), rows, isCompleted],
			[
				['Manual', 'Rows'],
				['Rows', 'Finished?'],
			],
		),
		{ credentials: {} },
	);
	expect(run.items('Finished?', { output: 0 }).map((item) => item.json.status)).toEqual([
		'completed',
	]);
	const failing = run.items('Finished?', { output: 1 });
	expect(failing.map((item) => item.json.status)).toEqual(['in_progress', 'COMPLETED']);
	expect(failing.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
});

describe('Wait', () => {
	const waitFor = (amount: number, unit = 'seconds') =>
		workflow(
			[node('Manual', 'manualTrigger', 1), node('Wait', 'wait', 1.1, { amount, unit }), rows],
			[
				['Manual', 'Wait'],
				['Wait', 'Rows'],
			],
		);

	test('parks the execution until now + the interval; it goes on from there when resumed', async () => {
		const waits: Date[] = [];
		const before = Date.now();
		const run = await engine.run(waitFor(2, 'minutes'), {
			credentials: {},
			onWait: (waitTill) => {
				waits.push(waitTill);
			},
		});
		expect(run.status).toBe('success');
		expect(waits).toHaveLength(1);
		expect(waits[0].getTime() - before).toBeGreaterThanOrEqual(120_000);
		expect(waits[0].getTime() - Date.now()).toBeLessThanOrEqual(120_000);
		expect(run.items('Rows')).toHaveLength(3);
	});

	test('a wait under 65 s, which n8n keeps in memory, is refused: the harness never sleeps', async () => {
		const run = await engine.run(waitFor(30), { credentials: {} });
		expect(run.status).toBe('error');
		expect(run.nodeErrors().Wait).toMatch(/parks executions.*not \d+ ms in process/);
	});
});

test('Stop and Error fails the execution with its message, expressions resolved', async () => {
	const stop = node('Stop', 'stopAndError', 1, {
		errorType: 'errorMessage',
		errorMessage: '=Video is {{ $json.status }}',
	});
	const run = await engine.run(
		workflow(
			[node('Manual', 'manualTrigger', 1), rows, stop],
			[
				['Manual', 'Rows'],
				['Rows', 'Stop'],
			],
		),
		{ credentials: {} },
	);
	expect(run.status).toBe('error');
	expect(run.nodeErrors().Stop).toBe('Video is completed');
});
