/** The transport: the one way the node talks HTTP. `client/videos.ts` is its only caller in the node. */
export { downloadContent, type DownloadRequest, type Variant } from './download';
export { apiRequest } from './request';
export { pollHintMs } from './retry';
export { throwIfCancelled } from './send';
export { transportSettings } from './settings';
export type { ApiRequest, ApiResponse, RequestKind } from './types';
