import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from './actions/router';
import * as video from './actions/video';
import { getModels } from './methods/loadOptions';

export class SoraVideos implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sora Videos',
		name: 'soraVideos',
		icon: { light: 'file:sora.svg', dark: 'file:sora.dark.svg' },
		group: ['transform'],
		version: 1,
		// What the canvas shows under the node's name, worded as n8n's own nodes word it.
		subtitle:
			'={{ { create: "Create video", remix: "Remix video", get: "Get video", getMany: "Get many videos", waitForCompletion: "Wait for completion", download: "Download file", delete: "Delete video" }[$parameter["operation"]] }}',
		description:
			'Create, remix, wait for and download videos with the OpenAI Videos API (Sora) on any compatible server',
		defaults: { name: 'Sora Videos' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'soraVideosApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Video', value: 'video' }],
				default: 'video',
			},
			...video.description,
		],
	};

	methods = { loadOptions: { getModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
