// The node's description. What a no-code builder sees in the editor: how the nodes panel lists it,
// the canvas subtitle in words, the choices in the order people read them, option labels short
// enough for n8n's option list. And what saved workflows depend on, which must not change by
// accident.
import {
	Expression,
	Workflow,
	type INode,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { SoraVideos } from '../../../nodes/SoraVideos/SoraVideos.node';
import { defaultOptions } from '../../../simulator';
import { saved } from '../../support/saved-fields';
import { soraVideosNode } from '../../support/sora-videos-node';

// Made inside each test, not when the file loads: mutation testing relates a test to the code
// that ran during it.
const sora = () => new SoraVideos();
const property = (name: string, operation = 'create') =>
	sora().description.properties.find(
		(candidate) =>
			candidate.name === name &&
			(candidate.displayOptions?.show?.operation as string[] | undefined)?.includes(operation),
	) as INodeProperties;

function subtitleFor(operation: string): unknown {
	Expression.setExpressionEngine('legacy');
	const node: INode = { ...soraVideosNode, parameters: { resource: 'video', operation } };
	const type = sora();
	const nodeTypes: INodeTypes = {
		getByName: () => type as INodeType,
		getByNameAndVersion: () => type as INodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		type.description.subtitle!,
		'internal',
		{},
	);
}

test.each([
	['create', 'Create video'],
	['remix', 'Remix video'],
	['get', 'Get video'],
	['getMany', 'Get many videos'],
	['waitForCompletion', 'Wait for completion'],
	['download', 'Download file'],
	['delete', 'Delete video'],
])('the canvas subtitle of %s reads "%s"', (operation, words) => {
	expect(subtitleFor(operation)).toBe(words);
});

test('Seconds are offered in time order and Size grouped by shape with the default first', () => {
	expect(property('seconds').options!.map((option) => (option as { value: string }).value)).toEqual(
		['4', '8', '12', '16', '20'],
	);
	const sizes = property('size').options!.map((option) => (option as { value: string }).value);
	expect(sizes[0]).toBe(property('size').default);
	expect(sizes).toEqual([
		'720x1280',
		'1024x1792',
		'1080x1920',
		'1280x720',
		'1792x1024',
		'1920x1080',
	]);
});

test('Create\'s option labels fit n8n\'s option list, and what only some servers need is grouped under "Server:"', () => {
	const labels = (property('options').options as INodeProperties[]).map(
		(option) => option.displayName,
	);
	for (const label of labels) expect(label.length).toBeLessThanOrEqual(23);
	expect(labels).toEqual([
		'Characters',
		'Generate Audio',
		'Last Frame Image Field',
		'Last Frame Image URL',
		'Reference Image Field',
		'Reference Image URL',
		'Server: Extra Fields',
		'Server: Image JSON Form',
		'Server: Send as JSON',
		'Wait for Completion',
	]);
});

test('dropped on the canvas, the node is called Sora Videos, takes one main input and gives one main output', () => {
	const { defaults, inputs, outputs, description } = sora().description;
	expect(defaults).toEqual({ name: 'Sora Videos' });
	expect(inputs).toEqual(['main']);
	expect(outputs).toEqual(['main']);
	expect(description).toMatch(/^Create, remix, wait for and download videos/);
});

test('Resource and Operation are fixed choices, each with a label', () => {
	const selectors = sora().description.properties.filter((field) =>
		['resource', 'operation'].includes(field.name),
	);
	expect(selectors.map((field) => field.name)).toEqual(['resource', 'operation', 'operation']);
	expect(selectors.slice(1).map((field) => field.displayOptions?.show?.resource)).toEqual([
		['video'],
		['character'],
	]);
	for (const field of selectors) {
		expect(field.noDataExpression).toBe(true);
		for (const option of field.options as Array<{ name: string }>) expect(option.name).not.toBe('');
	}
});

test('every list a field loads from the server has its method on the node', () => {
	const node = sora();
	const methods = node.description.properties
		.flatMap((field) => [field, ...((field.options ?? []) as INodeProperties[])])
		.map((field) => field.typeOptions?.loadOptionsMethod)
		.filter((name): name is string => typeof name === 'string');
	expect(methods).toEqual(['getModels']);
	const loadOptions: Record<string, unknown> = node.methods.loadOptions;
	for (const name of methods) expect(typeof loadOptions[name]).toBe('function');
});

test('the nodes panel lists it as Sora Videos, with the videos it makes described', () => {
	const { displayName, description } = sora().description;
	expect(displayName).toBe('Sora Videos');
	expect(description).toBe(
		'Create, remix, wait for and download videos with the OpenAI Videos API (Sora) on any compatible server',
	);
});

test("it sits among n8n's Transform nodes, and its first field is called Resource", () => {
	const { group, properties } = sora().description;
	expect(group).toEqual(['transform']);
	expect(properties[0]).toMatchObject({ name: 'resource', displayName: 'Resource' });
});

test('saved workflows keep working: the parameter is still "model", a string, default sora-2', () => {
	const model = sora().description.properties.find((property) => property.name === 'model')!;
	expect(model).toMatchObject({
		type: 'options',
		default: 'sora-2',
		typeOptions: { loadOptionsMethod: 'getModels' },
	});
	expect(defaultOptions().servedModel).toBeNull();
});

// Saved workflows store the node's type, its operation values and its parameter names and values;
// a renamed one breaks every workflow that used it. The snapshot holds what is saved, not the
// labels a user reads. Adding a parameter or an option updates the snapshot (`npx jest -u`);
// review that diff for renames.
test('the node keeps the names, operation values, parameters and defaults that saved workflows use', () => {
	const { name, version, credentials, properties } = sora().description;
	expect({ name, version, credentials, properties: properties.map(saved) }).toMatchSnapshot();
});
