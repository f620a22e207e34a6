/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// Stand-ins for the n8n-nodes-base node types the example workflows use, for the engine
// harness (support/engine/engine.ts) only. Each one does what the examples and
// test/engine/stand-ins.test.ts ask of the real node in n8n 2.40.7, at the type version the
// examples use, the way that node does it, and nothing more:
//
//   n8n-nodes-base.manualTrigger     1    emits one empty item
//   n8n-nodes-base.code              2    JavaScript in both modes, run with node:vm the way n8n's JS
//                                          task runner does: `items`, `item`, `$input`, `$json`,
//                                          `$(…)`, Buffer, no `require` (n8n's default allow-list is
//                                          empty); the result goes through JSON, as it does between
//                                          the runner and n8n, and n8n's rule on item keys
//   n8n-nodes-base.webhook           2    declares the parameters the harness reads: engine.ts builds
//                                          the Webhook's item and answers for it
//   n8n-nodes-base.respondToWebhook  1.1  answers with JSON, text or the first incoming item, with a
//                                          response code and headers, through n8n's sendResponse
//                                          hook, where the harness records it
//   n8n-nodes-base.httpRequest       4.2  GET with Response Format File (image-to-video's sample
//                                          image): the body as binary data in `data`, with the
//                                          answer's MIME type and the URL's last segment as its
//                                          file name, as the real node names a file it downloads
//   n8n-nodes-base.stickyNote        1    never runs
//
// and, in ./flow-stand-ins.ts, Schedule Trigger, Wait, If and Stop and Error (the pipeline and
// long-render-loop examples).
//
// n8n-nodes-base is not a dependency of this package (it is n8n itself). The real nodes run in the
// end-to-end suite (`npm run test:e2e`, test/e2e/matrix.ts), which executes the same example files
// in an installed n8n 2.40.7.
import { createContext, runInContext } from 'node:vm';

import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	ITriggerFunctions,
	ITriggerResponse,
	IWebhookResponseData,
} from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import { flowStandIns } from './flow-stand-ins';
import { parameter, standIn, TRANSFORM, TRIGGER } from './stand-in-shape';

const manualTrigger: INodeType = {
	description: standIn('manualTrigger', 1, TRIGGER),

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	},
};

const stickyNote: INodeType = {
	description: standIn('stickyNote', 1, { group: ['input'], inputs: [], outputs: [] }),
};

// ---------------------------------------------------------------------------------------------
// Code

const ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error', 'index']);

/** The wrapper n8n's JS task runner puts around the user's code (JsTaskRunner.createVmExecutableCode). */
function vmExecutableCode(code: string): string {
	return [
		'globalThis.global = globalThis',
		'var module = { exports: {} }',
		`module.exports = async function VmCodeWrapper() {${code}\n}()`,
	].join('; ');
}

function refuseModule(name: string): never {
	throw new Error(`Module '${name}' is disallowed [line 1]`);
}

/** n8n's rule: once one returned entry uses an item key (json, binary, …), every key must be one. */
function rejectUnknownItemKeys(node: INode, entries: IDataObject[]): void {
	if (!entries.some((entry) => Object.keys(entry).some((key) => ITEM_KEYS.has(key)))) return;
	for (const entry of entries) {
		const unknown = Object.keys(entry).find((key) => !ITEM_KEYS.has(key));
		if (unknown)
			throw new NodeOperationError(node, `Unknown top-level item key: ${unknown}`, {
				description: 'Access the properties of an item under `.json`, e.g. `item.json`',
			});
	}
}

const code: INodeType = {
	description: standIn('code', 2, TRANSFORM, [
		parameter('mode', 'options', 'runOnceForAllItems'),
		parameter('jsCode', 'string', ''),
	]),

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const jsCode = this.getNodeParameter('jsCode', 0) as string;
		// The runner works on a serialised copy of the input items, and its results travel to n8n
		// as JSON.
		const items = JSON.parse(JSON.stringify(this.getInputData())) as INodeExecutionData[];
		const run = async (itemIndex: number, variables: IDataObject): Promise<unknown> => {
			const context = createContext({
				Buffer,
				require: refuseModule,
				...this.getWorkflowDataProxy(itemIndex),
				...variables,
			});
			try {
				return JSON.parse(JSON.stringify(await runInContext(vmExecutableCode(jsCode), context)));
			} catch (error) {
				// Errors thrown inside the vm come from another realm: rebuild them here.
				throw new NodeOperationError(
					this.getNode(),
					String((error as Error | undefined)?.message ?? error),
				);
			}
		};

		const entries: IDataObject[] = [];
		if (this.getNodeParameter('mode', 0) === 'runOnceForEachItem') {
			for (const [index, item] of items.entries())
				entries.push((await run(index, { item })) as IDataObject);
		} else {
			entries.push(...((await run(0, { items })) as IDataObject[]));
		}
		rejectUnknownItemKeys(this.getNode(), entries);
		return [this.helpers.normalizeItems(entries as INodeExecutionData[])];
	},
};

// ---------------------------------------------------------------------------------------------
// Webhook and Respond to Webhook

const webhook: INodeType = {
	description: standIn('webhook', 2, TRIGGER, [
		parameter('path', 'string', ''),
		parameter('responseMode', 'options', 'onReceived'),
		parameter('responseCode', 'number', 200),
		parameter('responseData', 'options', 'firstEntryJson'),
	]),

	/**
	 * Never called: the harness builds the Webhook's item itself (engine.ts). It has to exist:
	 * n8n-core's WorkflowExecute passes a node's input straight through when its type has `webhook`.
	 */
	async webhook(): Promise<IWebhookResponseData> {
		throw new Error('The engine harness builds the Webhook item itself');
	},
};

/** Respond to Webhook's Options: a response code and a list of headers. */
const responseOptions: INodeProperties = {
	...parameter('options', 'collection', {}),
	options: [
		parameter('responseCode', 'number', 200),
		{
			...parameter('responseHeaders', 'fixedCollection', {}),
			typeOptions: { multipleValues: true },
			options: [
				{
					name: 'entries',
					displayName: 'entries',
					values: [parameter('name', 'string', ''), parameter('value', 'string', '')],
				},
			],
		},
	],
};

const respondToWebhook: INodeType = {
	description: standIn('respondToWebhook', 1.1, TRANSFORM, [
		parameter('respondWith', 'options', 'firstIncomingItem'),
		// The real node has two Response Body fields, one for JSON and one for text; one serves both.
		parameter('responseBody', 'string', ''),
		responseOptions,
	]),

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		if (!this.getParentNodes(node.name).some(({ type }) => type === 'n8n-nodes-base.webhook')) {
			throw new NodeOperationError(node, new Error('No Webhook node found in the workflow'), {
				description:
					'Insert a Webhook node to your workflow and set the “Respond” parameter to “Using Respond to Webhook Node” ',
			});
		}
		const respondWith = this.getNodeParameter('respondWith', 0) as string;
		let body: unknown;
		if (respondWith === 'firstIncomingItem') {
			body = items[0].json;
		} else if (respondWith === 'json') {
			const json = this.getNodeParameter('responseBody', 0);
			body = typeof json === 'string' ? jsonParse(json) : json;
		} else if (respondWith === 'text') {
			body = this.getNodeParameter('responseBody', 0);
		} else {
			throw new NodeOperationError(
				node,
				`The engine harness's Respond to Webhook answers with json, text or firstIncomingItem, not ${respondWith}`,
			);
		}
		const options = this.getNodeParameter('options', 0) as {
			responseCode?: number;
			responseHeaders?: { entries?: Array<{ name: string; value: string }> };
		};
		const headers = Object.fromEntries(
			(options.responseHeaders?.entries ?? []).map(({ name, value }) => [
				name.toLowerCase(),
				value,
			]),
		);
		await this.sendResponse({
			body: body as IDataObject,
			headers,
			statusCode: options.responseCode ?? 200,
		});
		return [items];
	},
};

// ---------------------------------------------------------------------------------------------
// HTTP Request

/** The Options the real node keeps a file response's settings in: `response.response.responseFormat`. */
const requestOptions: INodeProperties = {
	...parameter('options', 'collection', {}),
	options: [
		{
			...parameter('response', 'fixedCollection', {}),
			options: [
				{
					name: 'response',
					displayName: 'response',
					values: [parameter('responseFormat', 'options', 'autodetect')],
				},
			],
		},
	],
};

const httpRequest: INodeType = {
	description: standIn('httpRequest', 4.2, TRANSFORM, [
		parameter('method', 'options', 'GET'),
		parameter('url', 'string', ''),
		requestOptions,
	]),

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (const [itemIndex, item] of items.entries()) {
			const method = this.getNodeParameter('method', itemIndex) as string;
			const format = this.getNodeParameter(
				'options.response.response.responseFormat',
				itemIndex,
				'autodetect',
			) as string;
			if (method !== 'GET' || format !== 'file')
				throw new NodeOperationError(
					node,
					`The engine harness's HTTP Request only GETs a file, not ${method} with ${format}`,
				);
			const url = this.getNodeParameter('url', itemIndex) as string;
			// Like the real node, a status of 400 or more fails the node.
			const response = (await this.helpers.httpRequest({
				url,
				encoding: 'arraybuffer',
				returnFullResponse: true,
			})) as { body: Buffer; headers: Record<string, string> };
			const mimeType = response.headers['content-type']?.split(';')[0];
			const fileName = new URL(url).pathname.split('/').pop();
			const data = await this.helpers.prepareBinaryData(
				Buffer.from(response.body),
				fileName,
				mimeType,
			);
			// The real node keeps the input item's JSON and binaries beside the file.
			output.push({
				json: item.json,
				binary: { ...item.binary, data },
				pairedItem: { item: itemIndex },
			});
		}
		return [output];
	},
};

/** Every stand-in, by its full n8n type name. */
export function standInNodeTypes(): Record<string, INodeType> {
	return {
		'n8n-nodes-base.manualTrigger': manualTrigger,
		'n8n-nodes-base.code': code,
		'n8n-nodes-base.webhook': webhook,
		'n8n-nodes-base.respondToWebhook': respondToWebhook,
		'n8n-nodes-base.httpRequest': httpRequest,
		'n8n-nodes-base.stickyNote': stickyNote,
		...flowStandIns(),
	};
}
