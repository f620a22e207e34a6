import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { checkExtensionSeconds, checkPrompt } from '../../helpers/validation';
import type { Operation } from '../operation';
import { displayFor, secondsOptions } from './common';
import {
	serverOptions,
	sourceBody,
	sourceFields,
	startsJob,
	type SourceOptions,
} from './sourceInput';

const properties: INodeProperties[] = [
	...sourceFields({
		placeholder: 'e.g. The boat drifts out to the open sea',
		description: 'What happens in the new segment (up to 32,000 characters)',
	}),
	{
		displayName: 'Seconds',
		name: 'seconds',
		type: 'options',
		default: '4',
		description:
			"Length of the new segment. The new job's seconds is the whole video's: a video can be extended six times, to 120 seconds.",
		options: secondsOptions,
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

export const execute = startsJob(readInput, async (client, body) => await client.extend(body));

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
