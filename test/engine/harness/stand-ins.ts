// Stand-ins for the five n8n-nodes-base node types the example workflows use, for the engine
// harness (test/engine/harness/engine.ts) only.
//
//   n8n-nodes-base.manualTrigger     the real node's code (trigger() emits one empty item)
//   n8n-nodes-base.code              JavaScript, both modes, run with node:vm the way n8n's JS task
//                                    runner does: `items`, `$input`, `$json`, `$(…)`, Buffer, btoa/atob,
//                                    TextEncoder/TextDecoder, no `require` of modules (n8n's default
//                                    allow-list is empty); the result goes through JSON, as it does
//                                    between the runner and n8n, then n8n's validation rules
//   n8n-nodes-base.webhook           emits the request the caller passes in ({body, headers, query})
//                                    as n8n's Webhook v2 does: {headers, params, query, body,
//                                    webhookUrl, executionMode}
//   n8n-nodes-base.respondToWebhook  computes the answer exactly as the real node (json, text,
//                                    firstIncomingItem, allIncomingItems, noData, redirect) and hands
//                                    it to n8n's sendResponse hook, where the harness records it
//   n8n-nodes-base.stickyNote        the real node (no inputs, no outputs, never runs)
//
// n8n-nodes-base is not a dependency of this package (it is n8n itself). The real nodes run in the
// end-to-end suite (`npm run test:e2e`, test/e2e/matrix.ts), which executes the same example files in
// an installed n8n 2.40.7. Parameter names, defaults and type versions here follow n8n 2.40.7's
// nodes, so a workflow that runs here is shaped like one that runs there.
import { createContext, runInContext } from 'node:vm';

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { jsonParse, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

export const STAND_IN_PACKAGE = 'n8n-nodes-base';

/** n8n 2.40.7: ManualTrigger.node.ts, verbatim behaviour. */
export class ManualTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n (engine-harness stand-in)',
		maxNodes: 1,
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'This node is where the workflow execution starts',
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/** n8n 2.40.7: StickyNote.node.ts. */
export class StickyNoteStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sticky Note',
		name: 'stickyNote',
		group: ['input'],
		version: 1,
		description: 'Make your workflow easier to understand',
		defaults: { name: 'Sticky Note', color: '#FFD233' },
		inputs: [],
		outputs: [],
		properties: [
			{ displayName: 'Content', name: 'content', type: 'string', default: "## I'm a note" },
			{ displayName: 'Height', name: 'height', type: 'number', required: true, default: 160 },
			{ displayName: 'Width', name: 'width', type: 'number', required: true, default: 240 },
			{ displayName: 'Color', name: 'color', type: 'number', required: true, default: 1 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

// ---------------------------------------------------------------------------------------------
// Code

const REQUIRED_ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error', 'index']);
const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The wrapper n8n's JS task runner puts around the user's code (JsTaskRunner.createVmExecutableCode). */
function vmExecutableCode(code: string): string {
	return [
		'globalThis.global = globalThis',
		'var module = { exports: {} }',
		`module.exports = async function VmCodeWrapper() {${code}\n}()`,
	].join('; ');
}

/** Errors thrown inside the vm come from another realm: rebuild them here with their message. */
function codeError(ctx: IExecuteFunctions, error: unknown, itemIndex?: number): NodeOperationError {
	const message =
		isObject(error) && typeof error.message === 'string' ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), message, {
		itemIndex,
		description: "Thrown by the Code node's JavaScript",
	});
}

export class CodeStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Code',
		name: 'code',
		group: ['transform'],
		version: [1, 2],
		defaultVersion: 2,
		description: 'Run custom JavaScript code (engine-harness stand-in: node:vm, JavaScript only)',
		defaults: { name: 'Code' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Run Once for All Items', value: 'runOnceForAllItems' },
					{ name: 'Run Once for Each Item', value: 'runOnceForEachItem' },
				],
				default: 'runOnceForAllItems',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { '@version': [2] } },
				options: [
					{ name: 'JavaScript', value: 'javaScript' },
					{ name: 'Python', value: 'pythonNative' },
				],
				default: 'javaScript',
			},
			{
				displayName: 'JavaScript',
				name: 'jsCode',
				type: 'string',
				typeOptions: { editor: 'codeNodeEditor', editorLanguage: 'javaScript' },
				default: '',
				noDataExpression: true,
				displayOptions: { show: { language: ['javaScript'] } },
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const language =
			node.typeVersion === 2 ? (this.getNodeParameter('language', 0) as string) : 'javaScript';
		if (language !== 'javaScript') {
			throw new NodeOperationError(
				node,
				`The engine harness's Code stand-in runs JavaScript only, not ${language}`,
			);
		}
		const mode = this.getNodeParameter('mode', 0) as string;
		const code = this.getNodeParameter('jsCode', 0) as string;
		// The runner works on a serialised copy of the input items.
		const items = JSON.parse(JSON.stringify(this.getInputData())) as INodeExecutionData[];
		// console.log in a Code node: the runner hands it to n8n's logNodeOutput, which shows it in the
		// browser console (sendMessageToUI) in manual runs and drops it otherwise.
		const consoleLines = (...args: unknown[]) => {
			if (this.getMode() === 'manual') this.sendMessageToUI(...(args as [unknown]));
		};
		const natives = {
			Buffer,
			btoa,
			atob,
			TextEncoder,
			TextDecoder,
			setTimeout,
			clearTimeout,
			setImmediate,
			clearImmediate,
			console: {
				log: consoleLines,
				info: () => {},
				warn: () => {},
				error: () => {},
				debug: () => {},
			},
			require: (name: string) => {
				throw new Error(`Module '${name}' is disallowed [line 1]`);
			},
		};
		const run = async (context: object, itemIndex?: number): Promise<unknown> => {
			try {
				const result: unknown = await runInContext(vmExecutableCode(code), createContext(context));
				// Results travel from n8n's task runner to n8n as JSON.
				return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
			} catch (error) {
				throw codeError(this, error, itemIndex);
			}
		};

		if (mode === 'runOnceForEachItem') {
			const output: INodeExecutionData[] = [];
			for (let index = 0; index < items.length; index++) {
				const proxy = this.getWorkflowDataProxy(index);
				const result = await run({ ...natives, ...proxy, item: items[index] }, index);
				if (result === null || result === undefined) continue;
				if (!isObject(result))
					throw new NodeOperationError(node, "Code doesn't return an object", { itemIndex: index });
				const [item] = this.helpers.normalizeItems([result as INodeExecutionData]);
				output.push({
					json: item.json,
					...(item.binary ? { binary: item.binary } : {}),
					pairedItem: { item: index },
				});
			}
			return [output];
		}

		const proxy = this.getWorkflowDataProxy(0);
		const result = await run({ ...natives, ...proxy, items });
		if (result === null || result === undefined) return [[]];
		if (typeof result !== 'object') {
			throw new NodeOperationError(node, "Code doesn't return items properly", {
				description:
					'Please return an array of objects, one for each item you would like to output.',
			});
		}
		const list = Array.isArray(result) ? result : [result];
		for (const entry of list) {
			if (!isObject(entry))
				throw new NodeOperationError(node, "Code doesn't return items properly", {
					description:
						'Please return an array of objects, one for each item you would like to output.',
				});
		}
		if (list.some((entry) => Object.keys(entry).some((key) => REQUIRED_ITEM_KEYS.has(key)))) {
			for (const entry of list) {
				const unknown = Object.keys(entry).find((key) => !REQUIRED_ITEM_KEYS.has(key));
				if (unknown)
					throw new NodeOperationError(node, `Unknown top-level item key: ${unknown}`, {
						description: 'Access the properties of an item under `.json`, e.g. `item.json`',
					});
			}
		}
		const normalised = this.helpers.normalizeItems(list as INodeExecutionData[]);
		for (const [index, item] of normalised.entries()) {
			if (!isObject(item.json))
				throw new NodeOperationError(node, "A 'json' property isn't an object", {
					itemIndex: index,
				});
			if (item.binary !== undefined && !isObject(item.binary))
				throw new NodeOperationError(node, "A 'binary' property isn't an object", {
					itemIndex: index,
				});
		}
		return [normalised];
	}
}

// ---------------------------------------------------------------------------------------------
// Webhook and Respond to Webhook

/** What the caller "sends" to a webhook-triggered workflow. */
export interface WebhookRequest {
	body?: unknown;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	params?: Record<string, string>;
}

/** The answer n8n would send to the webhook's caller. */
export interface WebhookResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
	/** Which node produced it: the Respond to Webhook node's name, the last node, or the Webhook node. */
	from: string;
}

export class WebhookStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webhook',
		name: 'webhook',
		group: ['trigger'],
		version: [1, 1.1, 2, 2.1],
		defaultVersion: 2.1,
		description:
			'Starts the workflow when a webhook is called (engine-harness stand-in: emits the request the harness is given)',
		defaults: { name: 'Webhook' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: '={{$parameter["httpMethod"] || "GET"}}',
				isFullPath: true,
				responseCode: '={{$parameter["responseCode"]}}',
				responseMode: '={{$parameter["responseMode"]}}',
				responseData:
					'={{$parameter["responseData"] || ($parameter.options.noResponseBody ? "noData" : undefined) }}',
				path: '={{$parameter["path"]}}',
			},
		],
		properties: [
			{
				displayName: 'HTTP Method',
				name: 'httpMethod',
				type: 'options',
				options: ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'].map((method) => ({
					name: method,
					value: method,
				})),
				default: 'GET',
			},
			{ displayName: 'Path', name: 'path', type: 'string', default: '', required: true },
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [{ name: 'None', value: 'none' }],
				default: 'none',
			},
			{
				displayName: 'Respond',
				name: 'responseMode',
				type: 'options',
				options: [
					{ name: 'Immediately', value: 'onReceived' },
					{ name: 'When Last Node Finishes', value: 'lastNode' },
					{ name: "Using 'Respond to Webhook' Node", value: 'responseNode' },
				],
				default: 'onReceived',
			},
			{
				displayName: 'Response Code',
				name: 'responseCode',
				type: 'number',
				default: 200,
				displayOptions: { hide: { responseMode: ['responseNode'] } },
			},
			{
				displayName: 'Response Data',
				name: 'responseData',
				type: 'options',
				displayOptions: { show: { responseMode: ['lastNode'] } },
				options: [
					{ name: 'All Entries', value: 'allEntries' },
					{ name: 'First Entry JSON', value: 'firstEntryJson' },
					{ name: 'No Response Body', value: 'noData' },
				],
				default: 'firstEntryJson',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [],
			},
		],
	};

	/**
	 * Never called: the harness builds this item itself (see engine.ts). Its presence matters:
	 * n8n-core's WorkflowExecute passes a node's input straight through when its type has `webhook`.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		return {
			workflowData: [
				[
					{
						json: {
							headers: request.headers,
							params: request.params,
							query: request.query,
							body: request.body,
						} as IDataObject,
					},
				],
			],
		};
	}
}

export class RespondToWebhookStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Respond to Webhook',
		name: 'respondToWebhook',
		group: ['transform'],
		version: [1, 1.1, 1.2, 1.3, 1.4, 1.5],
		defaultVersion: 1.5,
		description:
			'Returns data for Webhook (engine-harness stand-in: the harness records the answer)',
		defaults: { name: 'Respond to Webhook' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Respond With',
				name: 'respondWith',
				type: 'options',
				options: [
					{ name: 'All Incoming Items', value: 'allIncomingItems' },
					{ name: 'First Incoming Item', value: 'firstIncomingItem' },
					{ name: 'JSON', value: 'json' },
					{ name: 'No Data', value: 'noData' },
					{ name: 'Redirect', value: 'redirect' },
					{ name: 'Text', value: 'text' },
				],
				default: 'firstIncomingItem',
			},
			{
				displayName: 'Redirect URL',
				name: 'redirectURL',
				type: 'string',
				required: true,
				default: '',
				displayOptions: { show: { respondWith: ['redirect'] } },
			},
			{
				displayName: 'Response Body',
				name: 'responseBody',
				type: 'json',
				default: '{\n  "myField": "value"\n}',
				displayOptions: { show: { respondWith: ['json'] } },
			},
			{
				displayName: 'Response Body',
				name: 'responseBody',
				type: 'string',
				default: '',
				displayOptions: { show: { respondWith: ['text'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{ displayName: 'Response Code', name: 'responseCode', type: 'number', default: 200 },
					{
						displayName: 'Response Headers',
						name: 'responseHeaders',
						type: 'fixedCollection',
						default: {},
						typeOptions: { multipleValues: true },
						options: [
							{
								name: 'entries',
								displayName: 'Entries',
								values: [
									{ displayName: 'Name', name: 'name', type: 'string', default: '' },
									{ displayName: 'Value', name: 'value', type: 'string', default: '' },
								],
							},
						],
					},
					{
						displayName: 'Put Response in Field',
						name: 'responseKey',
						type: 'string',
						default: '',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const parents = this.getParentNodes(node.name);
		if (
			node.typeVersion >= 1.1 &&
			!parents.some(({ type }) => type === `${STAND_IN_PACKAGE}.webhook`)
		) {
			throw new NodeOperationError(node, new Error('No Webhook node found in the workflow'), {
				description:
					'Insert a Webhook node to your workflow and set the “Respond” parameter to “Using Respond to Webhook Node” ',
			});
		}
		const options = this.getNodeParameter('options', 0, {}) as IDataObject & {
			responseCode?: number;
			responseKey?: string;
			responseHeaders?: { entries?: Array<{ name?: string; value?: string }> };
		};
		const headers: Record<string, string> = {};
		for (const header of options.responseHeaders?.entries ?? [])
			headers[String(header.name ?? '').toLowerCase()] = String(header.value ?? '');
		let statusCode = options.responseCode || 200;
		const respondWith = this.getNodeParameter('respondWith', 0) as string;
		const keyed = (value: unknown) =>
			options.responseKey ? { [options.responseKey]: value } : value;
		let body: unknown;
		if (respondWith === 'json') {
			const parameter = this.getNodeParameter('responseBody', 0) as unknown;
			if (parameter) {
				if (typeof parameter === 'object') body = parameter;
				else {
					try {
						body = jsonParse(String(parameter));
					} catch (error) {
						throw new NodeOperationError(node, error as Error, {
							message: "Invalid JSON in 'Response Body' field",
						});
					}
				}
			}
		} else if (respondWith === 'allIncomingItems') body = keyed(items.map((item) => item.json));
		else if (respondWith === 'firstIncomingItem') body = keyed(items[0]?.json);
		else if (respondWith === 'text') body = this.getNodeParameter('responseBody', 0);
		else if (respondWith === 'redirect') {
			headers.location = this.getNodeParameter('redirectURL', 0) as string;
			statusCode = options.responseCode ?? 307;
		} else if (respondWith !== 'noData') {
			throw new NodeOperationError(
				node,
				`The Response Data option "${respondWith}" is not supported by the engine harness's stand-in`,
			);
		}
		await this.sendResponse({ body: body as IDataObject, headers, statusCode });
		return [items];
	}
}

/** Every stand-in, by its full n8n type name. */
export function standInNodeTypes(): Record<string, INodeType> {
	return {
		[`${STAND_IN_PACKAGE}.manualTrigger`]: new ManualTriggerStandIn(),
		[`${STAND_IN_PACKAGE}.code`]: new CodeStandIn(),
		[`${STAND_IN_PACKAGE}.webhook`]: new WebhookStandIn(),
		[`${STAND_IN_PACKAGE}.respondToWebhook`]: new RespondToWebhookStandIn(),
		[`${STAND_IN_PACKAGE}.stickyNote`]: new StickyNoteStandIn(),
	};
}
