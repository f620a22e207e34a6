import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { checkExtensionSeconds, checkPrompt } from '../../helpers/validation';
import type { Operation } from '../operation';
import { displayFor } from './common';
import { serverOptions, sourceBody, sourceFields, type SourceOptions } from './sourceInput';

const properties: INodeProperties[] = [
	...sourceFields,
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. The boat drifts out to the open sea',
		description: 'What happens in the new segment (up to 32,000 characters)',
		typeOptions: { rows: 4 },
	},
	{
		displayName: 'Seconds',
		name: 'seconds',
		type: 'options',
		default: '4',
		description:
			"Length of the new segment. The new job's seconds is the whole video's: a video can be extended six times, to 120 seconds.",
		// In time order: n8n's alphabetical-order lint rule leaves numeric values alone.
		options: [
			{ name: '4 Seconds', value: '4' },
			{ name: '8 Seconds', value: '8' },
			{ name: '12 Seconds', value: '12' },
			{ name: '16 Seconds', value: '16' },
			{ name: '20 Seconds', value: '20' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: serverOptions,
	},
];

export const description = updateDisplayOptions(displayFor('extend'), properties);

/** Checks an item's parameters and builds its request body, without sending anything. */
export async function readInput(this: IExecuteFunctions, itemIndex: number) {
	const client = videos(this, itemIndex);
	await client.requireRoute('extend');
	const node = this.getNode();
	const prompt = checkPrompt(node, itemIndex, this.getNodeParameter('prompt', itemIndex));
	const seconds = checkExtensionSeconds(
		node,
		itemIndex,
		this.getNodeParameter('seconds', itemIndex),
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as SourceOptions;
	return await sourceBody(this, itemIndex, { prompt, seconds }, options, await client.server());
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = await readInput.call(this, itemIndex);
	const video = await videos(this, itemIndex).extend(body);
	return [{ json: video, pairedItem: { item: itemIndex } }];
}

export const operation: Operation = {
	value: 'extend',
	name: 'Extend',
	action: 'Extend a video',
	summary: 'Start a new job that continues a completed video with a new segment',
	subtitle: 'Extend video',
	description,
	readInput,
	execute,
};
