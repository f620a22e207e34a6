// The stand-ins for Schedule Trigger, Wait, If and Stop and Error (support/engine/flow-stand-ins.ts)
// behave like the real nodes of n8n 2.40.7 on what the long-render examples use. The real nodes
// run in the e2e cells 2.40.7-trigger-* and 2.40.7-loop-regular.
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
