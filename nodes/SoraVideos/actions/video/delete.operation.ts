import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequest, encodeVideoId } from '../../transport';
import { isMissingRoute, readVideoId, videoIdField } from './common';

export const description: INodeProperties[] = [videoIdField('delete')];

function unsupportedHint(status: number): string | undefined {
	if (status === 405 || status === 501) return 'Delete is not supported by this server (the LiteLLM proxy has no delete route).';
	if (isMissingRoute(status)) {
		return 'Either the video does not exist, or this server has no delete route (new-api answers 404 for every delete).';
	}
	return undefined;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const videoId = readVideoId(this, itemIndex);
	const response = await apiRequest(this, {
		method: 'DELETE',
		path: `/videos/${encodeVideoId(videoId)}`,
		kind: 'read',
		itemIndex,
		action: `Delete of video ${videoId}`,
		explain: unsupportedHint,
	});
	if (response.body.deleted === false) {
		throw new NodeOperationError(this.getNode(), `Delete of video ${videoId} failed: the server answered "deleted": false`, {
			itemIndex,
			description: 'The server kept the video. Check its status with Get: some servers delete only finished videos.',
		});
	}
	// Servers answer {deleted:true}, a job with status "deleted", or an empty 204: all mean done.
	const json: IDataObject =
		Object.keys(response.body).length > 0
			? { id: videoId, deleted: true, ...response.body }
			: { id: videoId, object: 'video.deleted', deleted: true };
	return [{ json, pairedItem: { item: itemIndex } }];
}
