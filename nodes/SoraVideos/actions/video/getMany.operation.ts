import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { inputError } from '../../helpers/validation';
import type { Operation } from '../operation';
import { displayFor } from './common';

const MAX_LIMIT = 10000;

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Order',
				name: 'order',
				type: 'options',
				default: 'desc',
				options: [
					{ name: 'Newest First', value: 'desc' },
					{ name: 'Oldest First', value: 'asc' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions(displayFor('getMany'), properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', itemIndex));
	if (!returnAll && (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Limit',
			`${limit} is not a whole number from 1 to ${MAX_LIMIT}`,
			'Set a positive limit, or turn on Return All.',
		);
	}
	const { order } = this.getNodeParameter('options', itemIndex, {}) as { order?: string };
	const found: IDataObject[] = [];
	for await (const page of videos(this, itemIndex).list({ limit, order })) found.push(...page);
	return found.map((video) => ({ json: video, pairedItem: { item: itemIndex } }));
}

export const operation: Operation = {
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many videos',
	summary: 'List recent video jobs',
	subtitle: 'Get many videos',
	description,
	execute,
};
