import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import type { Operation } from '../operation';
import { displayFor, readVideoId, videoIdField } from './common';

export const description: INodeProperties[] = updateDisplayOptions(displayFor('delete'), [
	videoIdField,
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = readVideoId(this, itemIndex);
	const answer = await videos(this, itemIndex).delete(videoId);
	if (answer.deleted === false) {
		throw new NodeOperationError(
			this.getNode(),
			`Delete of video ${videoId} failed: the server answered "deleted": false`,
			{
				itemIndex,
				description:
					'The server kept the video. Check its status with Get: some servers delete only finished videos.',
			},
		);
	}
	// Servers answer {deleted:true}, a job with status "deleted", or an empty 204: all mean done
	// (docs/protocol.md rule 33).
	const json: IDataObject =
		Object.keys(answer).length > 0
			? { id: videoId, deleted: true, ...answer }
			: { id: videoId, object: 'video.deleted', deleted: true };
	return [{ json, pairedItem: { item: itemIndex } }];
}

export const operation: Operation = {
	value: 'delete',
	name: 'Delete',
	action: 'Delete a video',
	summary: 'Delete a finished video and its files',
	subtitle: 'Delete video',
	description,
	execute,
};
