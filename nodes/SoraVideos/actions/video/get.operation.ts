import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import type { Operation } from '../operation';
import { displayFor, readVideoId, videoIdField } from './common';

export const description: INodeProperties[] = updateDisplayOptions(displayFor('get'), [
	videoIdField,
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { video } = await videos(this, itemIndex).retrieve(readVideoId(this, itemIndex));
	return [{ json: video, pairedItem: { item: itemIndex } }];
}

export const operation: Operation = {
	value: 'get',
	name: 'Get',
	action: 'Get a video',
	summary: "Get a video job's current status",
	subtitle: 'Get video',
	description,
	concurrency: 4,
	execute,
};
