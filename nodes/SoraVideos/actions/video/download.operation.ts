import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import type { Operation } from '../operation';
import {
	displayFor,
	downloadItem,
	fileNameField,
	readBinaryPropertyName,
	readFileName,
	readVariant,
	readVideoId,
	variantField,
	videoIdField,
} from './common';

const properties: INodeProperties[] = [
	videoIdField,
	variantField,
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'Name of the binary property to write the file to',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [fileNameField],
	},
];

export const description = updateDisplayOptions(displayFor('download'), properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = readVideoId(this, itemIndex);
	const variant = readVariant(this, itemIndex, this.getNodeParameter('variant', itemIndex));
	const property = readBinaryPropertyName(
		this,
		itemIndex,
		this.getNodeParameter('binaryPropertyName', itemIndex),
	);
	// Content exists only once the job completed; asking first gives a clear message instead of a
	// server's 400/404/409 (docs/protocol.md rule 31).
	const { video } = await videos(this, itemIndex).retrieve(videoId);
	if (video.status !== 'completed') {
		const progress = video.progress === null ? '' : `, ${video.progress}%`;
		const error = new NodeOperationError(
			this.getNode(),
			`Video ${videoId} is not ready to download: it is ${video.status}${progress}`,
			{
				itemIndex,
				description: 'Put a Wait for Completion step before Download (or use its Download option).',
			},
		);
		error.context.video = video;
		throw error;
	}
	const { fileName } = this.getNodeParameter('options', itemIndex, {}) as { fileName?: unknown };
	const choice = { variant, property, fileName: readFileName(fileName) };
	return [await downloadItem(this, itemIndex, video, choice)];
}

export const operation: Operation = {
	value: 'download',
	name: 'Download',
	action: 'Download a video file',
	summary: 'Download the MP4, thumbnail or spritesheet into binary data',
	subtitle: 'Download file',
	description,
	concurrency: 4,
	execute,
};
