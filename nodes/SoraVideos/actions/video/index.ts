import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as remix from './remix.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export { create, del as delete, download, get, getMany, remix, waitForCompletion };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a video',
				description: 'Start a video job from a prompt, optionally with a reference image',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a video',
				description: 'Delete a finished video and its files',
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download a video file',
				description: 'Download the MP4, thumbnail or spritesheet into binary data',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a video',
				description: "Get a video job's current status",
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many videos',
				description: 'List recent video jobs',
			},
			{
				name: 'Remix',
				value: 'remix',
				action: 'Remix a video',
				description: 'Start a new job that changes a completed video',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				action: 'Wait for a video to complete',
				description: "Wait until each input item's video is completed or failed",
			},
		],
	},
	...create.description,
	...remix.description,
	...get.description,
	...getMany.description,
	...waitForCompletion.description,
	...download.description,
	...del.description,
];
