import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { checkVideoId } from '../../helpers/validation';
import type { Operation } from '../operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Character ID',
		name: 'characterId',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		description:
			'ID of the character, as returned by Character Create (the default reads it from the input item)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['character'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const raw = this.getNodeParameter('characterId', itemIndex);
	const characterId = checkVideoId(this.getNode(), itemIndex, raw, 'Character ID', 'character');
	const character = await videos(this, itemIndex).retrieveCharacter(characterId);
	return [{ json: character, pairedItem: { item: itemIndex } }];
}

export const operation: Operation = {
	value: 'get',
	name: 'Get',
	action: 'Get a character',
	summary: 'Read a character by its ID',
	subtitle: 'Get character',
	description,
	concurrency: 4,
	execute,
};
