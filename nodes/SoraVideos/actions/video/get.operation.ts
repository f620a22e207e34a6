import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { normaliseVideo, type Video } from '../../helpers/video';
import { apiRequest, encodeVideoId, type ApiResponse } from '../../transport';
import { readVideoId, videoIdField } from './common';

export const description: INodeProperties[] = [videoIdField('get')];

/** One status read; Wait for Completion and Download use it too. */
export async function fetchVideo(
	ctx: IExecuteFunctions,
	itemIndex: number,
	videoId: string,
): Promise<{ video: Video; response: ApiResponse }> {
	const response = await apiRequest(ctx, {
		method: 'GET',
		path: `/videos/${encodeVideoId(videoId)}`,
		kind: 'read',
		itemIndex,
		action: `Get video ${videoId}`,
	});
	const video = normaliseVideo(response.body);
	// Some servers omit the id on reads; the one asked for is the one answered.
	if (!video.id) video.id = videoId;
	return { video, response };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { video } = await fetchVideo(this, itemIndex, readVideoId(this, itemIndex));
	return [{ json: video, pairedItem: { item: itemIndex } }];
}
