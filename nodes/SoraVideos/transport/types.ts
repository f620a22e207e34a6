import type {
	FunctionsBase,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
} from 'n8n-workflow';

/**
 * What the transport needs of n8n's context, so one client serves an execution, the editor's
 * option lists and a polling trigger alike: the credential, the request helpers and, where the
 * context has one, the execution's cancel signal.
 */
export type RequestContext = Pick<FunctionsBase, 'getNode' | 'getCredentials' | 'logger'> & {
	helpers: Pick<IExecuteFunctions['helpers'], 'httpRequest' | 'httpRequestWithAuthentication'>;
	getExecutionCancelSignal?: IExecuteFunctions['getExecutionCancelSignal'];
};

/** A context that can also put a file into n8n's binary store (executions and triggers). */
export type DownloadContext = RequestContext & {
	helpers: Pick<IExecuteFunctions['helpers'], 'prepareBinaryData'>;
};

/**
 * `sentOnce` requests start a billed job (create, remix): repeated only on 429 or a refused
 * connection, the two answers that say no job was started. `retriable` requests (reads, delete)
 * are repeated on network failures and on 408/409/429/5xx. A `lookup` is never repeated: someone
 * waits on it in the editor (the Model list) and its failure has a fallback.
 */
export type RequestKind = 'retriable' | 'sentOnce' | 'lookup';

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, ids already encoded (see `client/videos.ts`). */
	path: string;
	qs?: IDataObject;
	/** Query parameters the server needs unless the credential's Query Parameters set them (list hints). */
	defaultQs?: IDataObject;
	body?: IDataObject | FormData;
	kind: RequestKind;
	itemIndex: number;
	/** What the user asked for, for messages: "Create", "Get video video_123"… */
	action: string;
	/** A hint for the status the operation understands better (unsupported route, retired model…). */
	explain?: (status: number, body: IDataObject) => string | undefined;
}

export interface ApiResponse {
	body: IDataObject;
	headers: IDataObject;
	statusCode: number;
}

/**
 * A response body as n8n's client hands it over (an IncomingMessage); typed here because nodes may
 * not import node:stream.
 */
export interface BodyStream extends NodeJS.ReadableStream {
	destroy(error?: Error): void;
}

export interface RawResponse {
	statusCode: number;
	headers: IDataObject;
	body: BodyStream;
	/** The Content-Length, when it counts the bytes the node reads (see `send`). */
	announcedLength?: number;
	/**
	 * Gives up on the body: closes its connection, so the node does not wait on a server that went
	 * quiet, and destroys the stream.
	 */
	abandon(): void;
}

/** An HTTP answer the server chose to fail with, read whole: judged by its status. */
export interface FailedAnswer {
	status: number;
	headers: IDataObject;
	bytes: Buffer;
}

/** Where the credential points: every URL on `origin` gets the key, no other URL does. */
export interface Target {
	baseUrl: string;
	origin: string;
	apiKey: string;
	extraQuery: IDataObject;
}

/** One request in flight, with what its messages need. */
export interface Session<Context extends RequestContext = RequestContext> {
	ctx: Context;
	target: Target;
	request: ApiRequest;
}
