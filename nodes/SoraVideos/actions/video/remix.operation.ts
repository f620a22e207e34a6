import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { checkPrompt } from '../../helpers/validation';
import type { Operation } from '../operation';
import { displayFor, readVideoId, videoIdField } from './common';

const properties: INodeProperties[] = [
	videoIdField,
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Same scene, but at night with neon lights',
		description: 'What to change in the completed video',
		typeOptions: { rows: 4 },
	},
];

export const description = updateDisplayOptions(displayFor('remix'), properties);

/** Checks an item's parameters without sending anything. */
export async function readInput(this: IExecuteFunctions, itemIndex: number) {
	return {
		videoId: readVideoId(this, itemIndex),
		prompt: checkPrompt(this.getNode(), itemIndex, this.getNodeParameter('prompt', itemIndex)),
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { videoId, prompt } = await readInput.call(this, itemIndex);
	const video = await videos(this, itemIndex).remix(videoId, prompt);
	return [{ json: video, pairedItem: { item: itemIndex } }];
}

export const operation: Operation = {
	value: 'remix',
	name: 'Remix',
	action: 'Remix a video',
	summary: 'Start a new job that changes a completed video',
	subtitle: 'Remix video',
	description,
	readInput,
	execute,
};
