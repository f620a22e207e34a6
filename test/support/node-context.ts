import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';

import { binaryToBuffer, OutboundHttp } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SoraVideosApi } from '../../credentials/SoraVideosApi.credentials';
import { SoraVideos } from '../../nodes/SoraVideos/SoraVideos.node';

/**
 * Runs the node's execute() with a context whose HTTP goes through n8n's own outbound client
 * (the code path of httpRequestWithAuthentication in n8n-core) and the credential's authenticate.
 * The engine suite (test/engine) runs the same node inside n8n-core's WorkflowExecute.
 */
export interface RunOptions {
	/** Node parameters; a function gives per-item values (as expressions would). */
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	items?: INodeExecutionData[];
	credentials: IDataObject;
	/**
	 * Called when the node reads its credential for an item; what it throws, getCredentials throws,
	 * as n8n-core does when no credential is chosen or an expression in one fails.
	 */
	onGetCredentials?: (itemIndex: number) => void;
	continueOnFail?: boolean;
	signal?: AbortSignal;
	mode?: 'manual' | 'trigger';
}

export interface RunResult {
	output: INodeExecutionData[];
	messages: string[];
	logs: string[];
	/** Bytes of every file the node stored, by binary id. */
	files: Map<string, Buffer>;
	fileOf(item: INodeExecutionData, property?: string): Buffer;
}

/** Create's parameters for a 4-second 720x1280 sora-2 video. */
export const createParameters = {
	operation: 'create',
	prompt: 'a paper boat on a rainy street',
	model: 'sora-2',
	seconds: '4',
	size: '720x1280',
	options: {},
};

/** The Sora Videos node as a workflow holds it; its parameters come from each run. */
export const soraVideosNode: INode = {
	id: 'sora-videos-test',
	name: 'Sora Videos',
	type: 'n8n-nodes-sora-videos.soraVideos',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const credentialType = new SoraVideosApi();

function asNodeApiError(error: unknown): never {
	if (error instanceof NodeApiError) throw error;
	throw new NodeApiError(soraVideosNode, error as JsonObject);
}

/**
 * n8n's request and binary helpers as a node context has them: HTTP through n8n's own outbound
 * client with the credential's authenticate, files kept in `files` by binary id.
 */
export function httpHelpers(credentials: IDataObject, files: Map<string, Buffer>) {
	const outbound = () => Container.get(OutboundHttp).requests();
	return {
		async httpRequestWithAuthentication(
			this: Partial<Pick<IExecuteFunctions, 'getExecutionCancelSignal'>>,
			_type: string,
			request: IHttpRequestOptions,
		) {
			const authenticated = await credentialType.authenticate(credentials as never, {
				...request,
			});
			// As n8n-core does: the request's signal is the calling context's cancel signal, whatever the node set.
			authenticated.abortSignal = this.getExecutionCancelSignal?.();
			return await outbound().request(authenticated).catch(asNodeApiError);
		},
		async httpRequest(request: IHttpRequestOptions) {
			return await outbound().request(request).catch(asNodeApiError);
		},
		async prepareBinaryData(
			data: Buffer | Readable,
			fileName?: string,
			mimeType?: string,
		): Promise<IBinaryData> {
			// As n8n's in-memory and database stores read a stream: 'data' listeners, nothing else.
			const bytes = await binaryToBuffer(data);
			const id = `test:${randomUUID()}`;
			files.set(id, bytes);
			return {
				id,
				data: 'filesystem-v2',
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: String(bytes.length),
			};
		},
	};
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
	const messages: string[] = [];
	const logs: string[] = [];
	const files = new Map<string, Buffer>();
	const parametersOf = (itemIndex: number) =>
		typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters;
	const log = (level: string) => (message: string) => logs.push(`${level}: ${message}`);

	const context = {
		getNode: () => soraVideosNode,
		getInputData: () => items,
		getMode: () => options.mode ?? 'manual',
		continueOnFail: () => options.continueOnFail ?? false,
		getExecutionCancelSignal: () => options.signal,
		sendMessageToUI: (message: unknown) => messages.push(String(message)),
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
		getCredentials: async (_type: string, itemIndex = 0) => {
			options.onGetCredentials?.(itemIndex);
			return { ...options.credentials };
		},
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = parametersOf(itemIndex)[name];
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Test did not set parameter "${name}"`);
		},
		helpers: {
			...httpHelpers(options.credentials, files),
			assertBinaryData(itemIndex: number, property: string): IBinaryData {
				const binary = items[itemIndex]?.binary?.[property];
				if (!binary)
					throw new NodeOperationError(
						soraVideosNode,
						`No binary data property "${property}" exists on item!`,
						{ itemIndex },
					);
				return binary;
			},
			async getBinaryDataBuffer(itemIndex: number, property: string): Promise<Buffer> {
				const binary = context.helpers.assertBinaryData(itemIndex, property);
				return binary.id ? files.get(binary.id)! : Buffer.from(binary.data, 'base64');
			},
		},
	};

	const [output] = await new SoraVideos().execute.call(context as unknown as IExecuteFunctions);
	return {
		output,
		messages,
		logs,
		files,
		fileOf(item, property = 'data') {
			const binary = item.binary?.[property];
			if (!binary?.id) throw new Error(`item has no stored file in "${property}"`);
			return files.get(binary.id)!;
		},
	};
}

/** A context for the node's loadOptions methods (the editor's dropdowns), with the credential's auth. */
/** The editor's logger: present, as in n8n, and quiet. */
const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

export function loadOptionsContext(credentials: IDataObject): ILoadOptionsFunctions {
	return {
		getNode: () => soraVideosNode,
		getCredentials: async () => ({ ...credentials }),
		logger: silentLogger,
		helpers: {
			async httpRequestWithAuthentication(_type: string, request: IHttpRequestOptions) {
				const authenticated = await credentialType.authenticate(credentials as never, {
					...request,
				});
				return await Container.get(OutboundHttp)
					.requests()
					.request(authenticated)
					.catch(asNodeApiError);
			},
		},
	} as unknown as ILoadOptionsFunctions;
}

export type NodeFailure = Error & { description?: string | null; context?: IDataObject };

/** The error a run ends with; fails the test when the run succeeds instead. */
export async function failureOf(run: Promise<unknown>): Promise<NodeFailure> {
	const outcome = await run.then(
		() => undefined,
		(error: unknown) => error as NodeFailure,
	);
	if (!outcome) throw new Error('expected the run to fail, but it succeeded');
	return outcome;
}
