/**
 * The transport: the one way the node talks HTTP. Only the client (`client/videos.ts`) uses it;
 * operations import nothing from here.
 */
export { downloadContent, type DownloadRequest, type Variant } from './download';
export { apiRequest } from './request';
export { pollHintMs } from './retry';
export { serverOf } from './send';
export { CREDENTIAL_NAME, transportSettings } from './settings';
export type {
	ApiRequest,
	ApiResponse,
	DownloadContext,
	RequestContext,
	RequestKind,
} from './types';
