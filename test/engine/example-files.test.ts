/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// The example workflows as files: importable into n8n 2.40.7 as they are (node types and versions
// n8n knows, the credential referenced by name, unique names and ids, connections that resolve),
// and using only parameter names the node really has (interface.md: renaming one breaks saved
// workflows, so a typo here would be a workflow that silently ignores a setting).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type {
	IDataObject,
	INodeProperties,
	INodePropertyCollection,
	INodeTypeDescription,
} from 'n8n-workflow';

import { SoraVideos } from '../../nodes/SoraVideos/SoraVideos.node';
import { SoraVideosTrigger } from '../../nodes/SoraVideosTrigger/SoraVideosTrigger.node';
import type { WorkflowJson } from '../../support/engine/engine';
import { DEFAULT_SIMULATOR_URL } from '../../support/example-servers';

const examplesDir = join(__dirname, '..', '..', 'examples');
const files = readdirSync(examplesDir)
	.filter((name) => name.endsWith('.json'))
	.sort();
const load = (file: string) =>
	JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as WorkflowJson;

/**
 * What n8n 2.40.7 offers for each type the examples use (the Code node's 2 and Webhook's 2 are its
 * current major versions; If 2.2, Wait 1.1, Schedule Trigger 1.2 and HTTP Request 4.2 are versions
 * it runs, HTTP Request 4.2 in n8n 1.x too).
 */
const TYPE_VERSIONS: Record<string, number> = {
	'n8n-nodes-sora-videos.soraVideos': 1,
	'n8n-nodes-sora-videos.soraVideosTrigger': 1,
	'n8n-nodes-base.scheduleTrigger': 1.2,
	'n8n-nodes-base.wait': 1.1,
	'n8n-nodes-base.if': 2.2,
	'n8n-nodes-base.stopAndError': 1,
	'n8n-nodes-base.manualTrigger': 1,
	'n8n-nodes-base.code': 2,
	'n8n-nodes-base.httpRequest': 4.2,
	'n8n-nodes-base.webhook': 2,
	'n8n-nodes-base.respondToWebhook': 1.1,
	'n8n-nodes-base.stickyNote': 1,
};
const CREDENTIAL = { soraVideosApi: { id: 'sora-videos-credential', name: 'Sora Videos account' } };
const description: INodeTypeDescription = new SoraVideos().description;
const triggerDescription: INodeTypeDescription = new SoraVideosTrigger().description;
const OURS = ['n8n-nodes-sora-videos.soraVideos', 'n8n-nodes-sora-videos.soraVideosTrigger'];

function shownFor(property: INodeProperties, operation: string): boolean {
	const show = property.displayOptions?.show;
	if (!show) return true;
	const operations = show.operation as string[] | undefined;
	const resources = show.resource as string[] | undefined;
	return (
		(!operations || operations.includes(operation)) && (!resources || resources.includes('video'))
	);
}

/**
 * The problems with a Sora Videos node's parameters: names the node does not have for its
 * operation (the trigger: names it does not have, besides n8n's own Poll Times).
 */
function unknownParameters(parameters: IDataObject, type: string): string[] {
	const trigger = type === 'n8n-nodes-sora-videos.soraVideosTrigger';
	const operation = trigger ? 'trigger' : String(parameters.operation);
	const problems: string[] = [];
	for (const [name, value] of Object.entries(parameters)) {
		if (trigger && name === 'pollTimes') continue;
		const candidates = (trigger ? triggerDescription : description).properties.filter(
			(property) => property.name === name && (trigger || shownFor(property, operation)),
		);
		if (candidates.length === 0) {
			problems.push(`${operation}: no parameter "${name}"`);
			continue;
		}
		const property = candidates[0];
		// A list loaded from the server (Model) has no fixed values to check against.
		if (
			property.type === 'options' &&
			!property.typeOptions?.loadOptionsMethod &&
			typeof value === 'string' &&
			!value.startsWith('=')
		) {
			const values = (property.options ?? []).map((option) => (option as { value: unknown }).value);
			if (!values.includes(value))
				problems.push(`${operation}: "${name}" has no value ${JSON.stringify(value)}`);
		}
		if (property.type === 'collection' && value && typeof value === 'object') {
			const known = (property.options ?? []).map(
				(option) => (option as INodeProperties | INodePropertyCollection).name,
			);
			for (const key of Object.keys(value))
				if (!known.includes(key)) problems.push(`${operation}: ${name} has no option "${key}"`);
		}
	}
	return problems;
}

test('there are examples', () => {
	expect(files.length).toBeGreaterThanOrEqual(4);
});

describe.each(files)('examples/%s', (file) => {
	const workflow = load(file);

	test('is a workflow n8n can import: name, v1 execution order, unique names and ids, resolvable connections', () => {
		expect(typeof workflow.name).toBe('string');
		expect(workflow.settings?.executionOrder).toBe('v1');
		const names = workflow.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		const ids = workflow.nodes.map((node) => node.id);
		for (const id of ids)
			expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		expect(new Set(ids).size).toBe(ids.length);
		for (const node of workflow.nodes) {
			expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
			expect(node.parameters).toEqual(expect.any(Object));
		}
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names).toContain(from);
			for (const connection of (outputs.main ?? []).flat())
				expect(names).toContain(connection!.node);
		}
	});

	test('uses node types and versions n8n 2.40.7 has, and references the credential by name', () => {
		for (const node of workflow.nodes) {
			expect(Object.keys(TYPE_VERSIONS)).toContain(node.type);
			expect(node.typeVersion).toBe(TYPE_VERSIONS[node.type]);
			if (OURS.includes(node.type)) expect(node.credentials).toEqual(CREDENTIAL);
			else expect(node.credentials).toBeUndefined();
		}
	});

	test('has a sticky note that explains it', () => {
		const notes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThanOrEqual(1);
		const content = String(notes[0].parameters.content);
		expect(content).toMatch(/^## /);
		expect(content.length).toBeGreaterThan(200);
		expect(content).toContain('Sora Videos account');
	});

	test('its Sora Videos nodes use only the node’s own parameter names and values', () => {
		const sora = workflow.nodes.filter((node) => OURS.includes(node.type));
		expect(sora.length).toBeGreaterThan(0);
		for (const node of sora) {
			if (node.type === OURS[0]) expect(node.parameters.resource).toBe('video');
			expect(unknownParameters(node.parameters, node.type)).toEqual([]);
		}
	});
});

const codeNodes = files.flatMap((file) =>
	load(file)
		.nodes.filter((node) => node.type === 'n8n-nodes-base.code')
		.map((node) => [file, node.name, node] as const),
);

test('the examples that stand in for a spreadsheet or an upload do it in Code nodes', () => {
	expect(new Set(codeNodes.map(([file]) => file))).toEqual(
		new Set([
			'batch.json',
			'openrouter-veo.json',
			'pipeline-create.json',
			'pipeline-finished.json',
		]),
	);
});

test.each(codeNodes)(
	'%s: Code node "%s" runs in n8n’s default sandbox (JavaScript, no modules)',
	(_file, _name, node) => {
		expect(node.parameters.language ?? 'javaScript').toBe('javaScript');
		expect(node.parameters.mode ?? 'runOnceForAllItems').toBe('runOnceForAllItems');
		expect(String(node.parameters.jsCode)).toMatch(/\S/);
		expect(String(node.parameters.jsCode)).not.toMatch(/\brequire\s*\(/);
	},
);

test('the examples chain the documented operations', () => {
	const operations = (file: string) =>
		load(file)
			.nodes.filter((node) => node.type === 'n8n-nodes-sora-videos.soraVideos')
			.map((node) => [
				node.parameters.operation,
				node.parameters.options ?? {},
				node.parameters.variant,
			]);
	expect(operations('first-video.json')).toEqual([
		['create', { waitForCompletion: true }, undefined],
	]);
	expect(operations('text-to-video.json')).toEqual([
		['create', {}, undefined],
		['waitForCompletion', { download: true }, undefined],
	]);
	expect(operations('image-to-video.json')).toEqual([
		['create', { referenceImageBinaryProperty: 'data' }, undefined],
		['waitForCompletion', { download: true }, undefined],
	]);
	expect(operations('batch.json')).toEqual([
		['create', {}, undefined],
		['waitForCompletion', {}, undefined],
		['download', {}, 'video'],
	]);
	expect(operations('self-hosted-wan.json')).toEqual([
		['create', {}, undefined],
		['waitForCompletion', { download: true }, undefined],
	]);
	expect(
		load('self-hosted-wan.json').nodes.find((node) => node.name === 'Start Render')!.parameters,
	).toMatchObject({ model: '', size: '1280x720' });
	expect(operations('openrouter-veo.json')).toEqual([
		['create', { generateAudio: true, lastFrameImageBinaryProperty: 'lastFrame' }, undefined],
		['waitForCompletion', { download: true }, undefined],
	]);
	expect(
		load('openrouter-veo.json').nodes.find((node) => node.name === 'Start Render')!.parameters,
	).toMatchObject({ model: 'google/veo-3.1', seconds: '8', size: '1280x720' });
	expect(operations('webhook-pipeline.json')).toEqual([
		['create', {}, undefined],
		['waitForCompletion', {}, undefined],
	]);
	expect(operations('pipeline-create.json')).toEqual([['create', {}, undefined]]);
	expect(operations('long-render-loop.json')).toEqual([
		['create', {}, undefined],
		['get', {}, undefined],
		['download', {}, 'video'],
	]);
	const trigger = load('pipeline-finished.json').nodes.find(
		(node) => node.type === 'n8n-nodes-sora-videos.soraVideosTrigger',
	)!;
	expect(trigger.parameters).toEqual({
		pollTimes: { item: [{ mode: 'everyMinute' }] },
		event: 'completed',
		options: {},
	});
	expect(operations('pipeline-finished.json')).toEqual([['download', {}, 'video']]);
	const wait = load('long-render-loop.json').nodes.find(
		(node) => node.type === 'n8n-nodes-base.wait',
	)!;
	// n8n parks a wait in its database when it is still 65 s long measured a moment later; shorter
	// ones hold the execution in memory, and so may 65 s exactly (Wait.node.js reads the clock twice).
	expect(wait.parameters).toEqual({ resume: 'timeInterval', amount: 70, unit: 'seconds' });
	const webhook = load('webhook-pipeline.json').nodes.find(
		(node) => node.type === 'n8n-nodes-base.webhook',
	)!;
	expect(webhook.parameters).toMatchObject({
		httpMethod: 'POST',
		path: 'sora-video',
		responseMode: 'responseNode',
	});
	expect(webhook.webhookId).toMatch(/^[0-9a-f-]{36}$/);
	const create = load('webhook-pipeline.json').nodes.find((node) => node.name === 'Start Render')!;
	expect(create.parameters.prompt).toBe('={{ $json.body.prompt }}');
	const image = load('image-to-video.json').nodes.find((node) => node.name === 'Start Render')!;
	expect(image.parameters.size).toBe('720x1280');
	// Its reference image: the sample of that size from the simulator at its default address.
	const sample = load('image-to-video.json').nodes.find(
		(node) => node.type === 'n8n-nodes-base.httpRequest',
	)!;
	expect(sample.parameters).toEqual({
		url: `${DEFAULT_SIMULATOR_URL}/samples/reference-720x1280.png`,
		options: { response: { response: { responseFormat: 'file' } } },
	});
	expect(operations('extend-a-story.json')).toEqual([
		['create', {}, undefined],
		['waitForCompletion', { download: false }, undefined],
		['extend', {}, undefined],
		['waitForCompletion', { download: false }, undefined],
		['extend', {}, undefined],
		['waitForCompletion', { download: true }, undefined],
	]);
});
