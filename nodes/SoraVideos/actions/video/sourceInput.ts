import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { videos, type Videos } from '../../client/videos';
import type { Video } from '../../helpers/video';

import { SERVER_TRAITS, type ServerKind } from '../../helpers/servers';
import { inputError } from '../../helpers/validation';
import { readVideoFile } from '../videoFile';
import { readVideoId, videoIdField } from './common';
import { parseAdditionalFields } from './createInput';

// What Edit and Extend share: the source video (a completed video's ID, or an MP4 from a binary
// property) and the body it goes in (api-contract §2.7–2.8).

const sourceVideoFields: INodeProperties[] = [
	{
		displayName: 'Video Source',
		name: 'videoSource',
		type: 'options',
		default: 'id',
		options: [
			{
				name: 'Video ID',
				value: 'id',
				description: 'A completed video on the server, such as the output of Create',
			},
			{
				name: 'Video File',
				value: 'binary',
				description: "An MP4 in the input item's binary data, uploaded with the request",
			},
		],
	},
	{ ...videoIdField, displayOptions: { show: { videoSource: ['id'] } } },
	{
		displayName: 'Input Binary Field',
		name: 'videoBinaryProperty',
		type: 'string',
		required: true,
		default: 'data',
		description: "Name of the input item's binary property holding the MP4",
		displayOptions: { show: { videoSource: ['binary'] } },
	},
];

/** The source video's fields, then the prompt (what it says differs between Edit and Extend). */
export function sourceFields(prompt: {
	placeholder: string;
	description: string;
}): INodeProperties[] {
	return [
		...sourceVideoFields,
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			required: true,
			default: '',
			...prompt,
			typeOptions: { rows: 4 },
		},
	];
}

export const serverOptions: INodeProperties[] = [
	{
		displayName: 'Server: Extra Fields',
		name: 'additionalBodyFields',
		type: 'json',
		default: '{}',
		description:
			'Extra fields merged into the request body, e.g. a gateway\'s provider hints such as {"custom_llm_provider": "openai"}',
	},
	{
		displayName: 'Server: Send as JSON',
		name: 'sendAsJson',
		type: 'boolean',
		default: false,
		description:
			'Whether the body must be JSON. A video given by ID always goes as JSON, the form every server with this route reads; a video file needs multipart, so with this on it is refused before sending.',
	},
];

export interface SourceOptions {
	additionalBodyFields?: string | IDataObject;
	sendAsJson?: boolean;
}

/**
 * The request body: JSON with `video: {id}` for a video by ID; multipart with the MP4 as the
 * `video` file part for a video file, streamed from the binary store. A server that reads only
 * JSON (Bifrost) cannot take a file, so that is refused before anything is sent.
 */
export async function sourceBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
	options: SourceOptions,
	server: ServerKind,
): Promise<IDataObject | FormData> {
	const body = {
		...parseAdditionalFields(ctx, itemIndex, options.additionalBodyFields),
		...fields,
	};
	if (ctx.getNodeParameter('videoSource', itemIndex, 'id') !== 'binary')
		return { ...body, video: { id: readVideoId(ctx, itemIndex) } };
	if (options.sendAsJson || SERVER_TRAITS[server].json) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Video Source',
			'a video file cannot travel in a JSON body',
			options.sendAsJson
				? 'Turn off Server: Send as JSON, or give the video by ID.'
				: "The credential's Server reads only JSON: give the video by ID.",
		);
	}
	const property = String(ctx.getNodeParameter('videoBinaryProperty', itemIndex, 'data')).trim();
	const file = await readVideoFile(ctx, itemIndex, 'Input Binary Field', property);
	const form = new FormData();
	for (const [name, value] of Object.entries(body))
		form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
	form.append('video', file);
	return form;
}

type ReadBody = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | FormData>;

/** An Edit or Extend item: its body read and checked again, then its paid job started once. */
export function startsJob(
	readInput: ReadBody,
	start: (client: Videos, body: IDataObject | FormData) => Promise<Video>,
) {
	return async function (
		this: IExecuteFunctions,
		itemIndex: number,
	): Promise<INodeExecutionData[]> {
		const body = await readInput.call(this, itemIndex);
		const video = await start(videos(this, itemIndex), body);
		return [{ json: video, pairedItem: { item: itemIndex } }];
	};
}
