/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeExecutionData } from 'n8n-workflow';

/** A real 320x180, 1-second MP4 (H.264). */
export const clip = readFileSync(join(__dirname, '../fixtures/video.mp4'));

/** An input item whose binary property `video` holds `bytes` in the item, as n8n's in-memory mode keeps it. */
export const inMemoryItem = (bytes = clip): INodeExecutionData => ({
	json: {},
	binary: {
		video: { data: bytes.toString('base64'), mimeType: 'video/mp4', fileName: 'clip.mp4' },
	},
});

/** An input item whose binary property `video` is in the binary store under `id`, as n8n's filesystem mode keeps it. */
export const storedItem = (id: string, fileName = 'clip.mp4'): INodeExecutionData => ({
	json: {},
	binary: {
		video: { id, data: 'filesystem-v2', mimeType: 'video/mp4', fileName, fileSize: '1 MB' },
	},
});
