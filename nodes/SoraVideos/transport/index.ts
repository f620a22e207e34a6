/**
 * The transport: the one way the node talks HTTP. Operations reach it through `client/videos.ts`;
 * they use only `throwIfCancelled` and types from here.
 */
export { downloadContent, type DownloadRequest, type Variant } from './download';
export { apiRequest } from './request';
export { pollHintMs } from './retry';
export { serverOf, throwIfCancelled } from './send';
export { CREDENTIAL_NAME, transportSettings } from './settings';
export type { ApiRequest, ApiResponse, RequestKind } from './types';
