import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { checkPrompt } from '../../helpers/validation';
import type { Operation } from '../operation';
import { displayFor } from './common';
import {
	serverOptions,
	sourceBody,
	sourceFields,
	startsJob,
	type SourceOptions,
} from './sourceInput';

const properties: INodeProperties[] = [
	...sourceFields({
		placeholder: 'e.g. The same shot, but in autumn colours',
		description: 'What to change in the video (up to 32,000 characters)',
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Model',
				name: 'model',
				type: 'string',
				default: '',
				placeholder: 'e.g. sora-2',
				description:
					'The model to edit with. OpenAI requires it for an uploaded video file; empty leaves it to the server (for a video by ID, the model that made it).',
			},
			...serverOptions,
		],
	},
];

export const description = updateDisplayOptions(displayFor('edit'), properties);

/** Checks an item's parameters and builds its request body, without sending anything. */
export async function readInput(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject | FormData> {
	const client = videos(this, itemIndex);
	const prompt = checkPrompt(this.getNode(), itemIndex, this.getNodeParameter('prompt', itemIndex));
	const options = this.getNodeParameter('options', itemIndex, {}) as SourceOptions & {
		model?: string;
	};
	const model = options.model?.trim();
	const fields: IDataObject = model ? { prompt, model } : { prompt };
	return await sourceBody(this, itemIndex, fields, options, await client.server());
}

export const execute = startsJob(readInput, async (client, body) => await client.edit(body));

export const operation: Operation = {
	value: 'edit',
	name: 'Edit',
	action: 'Edit a video',
	summary: 'Start a new job that changes a completed video or an uploaded MP4',
	subtitle: 'Edit video',
	description,
	readInput,
	execute,
};
