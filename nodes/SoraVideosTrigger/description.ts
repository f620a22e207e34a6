import type { INodeProperties } from 'n8n-workflow';

import { fileNameField, variantField } from '../SoraVideos/actions/video/common';

/** The trigger's parameters (interface.md, "Node `soraVideosTrigger`"): their names are fixed. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		default: 'finished',
		options: [
			{
				name: 'Video Finished',
				value: 'finished',
				description: 'A job completed or failed',
			},
			{
				name: 'Video Completed',
				value: 'completed',
				description: 'A job completed: its video can be downloaded',
			},
			{
				name: 'Video Failed',
				value: 'failed',
				description: 'A job failed, was cancelled or expired',
			},
		],
	},
	{
		displayName:
			'Needs a server that lists its jobs (GET /videos). For new-api or OpenRouter, use the loop pattern instead: Create → Wait → Get → If (see the long-render-loop example).',
		name: 'listNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Download',
				name: 'download',
				type: 'boolean',
				default: false,
				description: 'Whether to download the finished video into binary data',
			},
			{
				...variantField,
				displayName: 'Download Variant',
				displayOptions: { show: { download: [true] } },
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'Name of the binary property to write the file to',
				displayOptions: { show: { download: [true] } },
			},
			{
				...fileNameField,
				description:
					"Name of every stored file (a trigger has no item to read a name from). Empty: each file is named from its prompt's first words and the end of its video ID.",
				placeholder: 'e.g. finished-video',
				displayOptions: { show: { download: [true] } },
			},
			{
				displayName: 'Include Earlier',
				name: 'includeEarlier',
				type: 'boolean',
				default: false,
				description:
					'Whether to also emit the jobs that finished in the 24 hours before the trigger was activated',
			},
		],
	},
];
