import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceProperties, subtitleExpression } from './actions/resources';
import { route } from './actions/router';
import { getModels } from './methods/loadOptions';

export class SoraVideos implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sora Videos',
		name: 'soraVideos',
		icon: { light: 'file:sora.svg', dark: 'file:sora.dark.svg' },
		group: ['transform'],
		version: 1,
		// What the canvas shows under the node's name, worded as n8n's own nodes word it.
		subtitle: subtitleExpression(),
		description:
			'Create, remix, wait for and download videos with the OpenAI Videos API (Sora) on any compatible server',
		defaults: { name: 'Sora Videos' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'soraVideosApi', required: true }],
		properties: resourceProperties(),
	};

	methods = { loadOptions: { getModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
