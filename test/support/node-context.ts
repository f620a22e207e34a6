/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

import { binaryToBuffer, OutboundHttp } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SoraVideosApi } from '../../credentials/SoraVideosApi.credentials';
import { SoraVideos } from '../../nodes/SoraVideos/SoraVideos.node';
import { soraVideosNode } from './sora-videos-node';

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
	 * as n8n-core does when no credential is chosen or an expression in one fails; fields it returns
	 * replace the credential's for that item, as an expression in a credential gives per item.
	 */
	onGetCredentials?: (itemIndex: number) => IDataObject | void;
	continueOnFail?: boolean;
	signal?: AbortSignal;
	mode?: 'manual' | 'trigger';
	/**
	 * Files in the binary store before the run, by binary id (an input item's `binary.x.id`): bytes,
	 * or a source that makes its bytes as they are read, for files too large to keep.
	 */
	stored?: Record<string, Buffer | StoredSource>;
}

export interface StoredSource {
	size: number;
	open(): Readable;
}

/** 64 KiB chunks, as n8n's filesystem store reads a file. */
function* chunksOf(bytes: Buffer): Generator<Buffer> {
	for (let at = 0; at < bytes.length; at += 65536) yield bytes.subarray(at, at + 65536);
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

/**
 * n8n's binary helpers over a store in memory: the files the node stores go into `files`, and
 * the input's stored files are `stored`'s (bytes, or a source that makes them as they are read).
 */
function binaryStore(
	items: INodeExecutionData[],
	files: Map<string, Buffer>,
	stored: Record<string, Buffer | StoredSource>,
) {
	const sourceOf = (id: string): StoredSource => {
		const entry = stored[id] ?? files.get(id);
		if (!entry) throw new Error(`no stored file "${id}"`);
		return Buffer.isBuffer(entry)
			? { size: entry.length, open: () => Readable.from(chunksOf(entry)) }
			: entry;
	};
	const assertBinaryData = (itemIndex: number, property: string): IBinaryData => {
		const binary = items[itemIndex]?.binary?.[property];
		if (!binary)
			throw new NodeOperationError(
				soraVideosNode,
				`No binary data property "${property}" exists on item!`,
				{ itemIndex },
			);
		return binary;
	};
	return {
		assertBinaryData,
		async getBinaryDataBuffer(itemIndex: number, property: string): Promise<Buffer> {
			const binary = assertBinaryData(itemIndex, property);
			if (!binary.id) return Buffer.from(binary.data, 'base64');
			return await binaryToBuffer(sourceOf(binary.id).open());
		},
		getBinaryStream: async (id: string): Promise<Readable> => sourceOf(id).open(),
		getBinaryMetadata: async (id: string) => ({ fileSize: sourceOf(id).size }),
	};
}

/** The helpers n8n-core gives a running node: n8n's request helpers and the binary store. */
function executeHelpers(
	options: RunOptions,
	items: INodeExecutionData[],
	files: Map<string, Buffer>,
) {
	return {
		...httpHelpers(options.credentials, files),
		...binaryStore(items, files, options.stored ?? {}),
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
			return { ...options.credentials, ...options.onGetCredentials?.(itemIndex) };
		},
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = parametersOf(itemIndex)[name];
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Test did not set parameter "${name}"`);
		},
		helpers: executeHelpers(options, items, files),
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
