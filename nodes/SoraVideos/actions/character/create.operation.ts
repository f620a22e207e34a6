import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { checkCharacterName } from '../../helpers/validation';
import type { Operation } from '../operation';
import { readVideoFile } from '../videoFile';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Mossy',
		description:
			"The character's name (1 to 80 characters). A Create that casts it must use this name in its prompt.",
	},
	{
		displayName: 'Input Binary Field',
		name: 'videoBinaryProperty',
		type: 'string',
		required: true,
		default: 'data',
		description:
			"Name of the input item's binary property holding a short MP4 of the character (2 to 4 seconds, 16:9 or 9:16, 720p to 1080p)",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['character'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const client = videos(this, itemIndex);
	const name = checkCharacterName(
		this.getNode(),
		itemIndex,
		this.getNodeParameter('name', itemIndex),
	);
	const property = String(this.getNodeParameter('videoBinaryProperty', itemIndex, 'data')).trim();
	const form = new FormData();
	form.append('name', name);
	form.append('video', await readVideoFile(this, itemIndex, 'Input Binary Field', property));
	const character = await client.createCharacter(form);
	return [{ json: character, pairedItem: { item: itemIndex } }];
}

export const operation: Operation = {
	value: 'create',
	name: 'Create',
	action: 'Create a character',
	summary: 'Make a reusable character from a name and a short MP4',
	subtitle: 'Create character',
	description,
	execute,
};
