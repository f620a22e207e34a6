import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkVideoId } from '../../helpers/validation';

export function showFor(operations: string[]): IDisplayOptions {
	return { show: { resource: ['video'], operation: operations } };
}

export function videoIdField(operation: string): INodeProperties {
	return {
		displayName: 'Video ID',
		name: 'videoId',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		description: 'ID of the video job, as returned by Create (the default reads it from the input item)',
		displayOptions: showFor([operation]),
	};
}

export const variantField: INodeProperties = {
	displayName: 'Variant',
	name: 'variant',
	type: 'options',
	default: 'video',
	description: 'Which file to download',
	options: [
		{ name: 'Spritesheet (JPEG)', value: 'spritesheet' },
		{ name: 'Thumbnail (WebP)', value: 'thumbnail' },
		{ name: 'Video (MP4)', value: 'video' },
	],
};

export function readVideoId(ctx: IExecuteFunctions, itemIndex: number): string {
	return checkVideoId(ctx.getNode(), itemIndex, ctx.getNodeParameter('videoId', itemIndex));
}

/** 404, 405 and 501 are how servers say a route does not exist. */
export const isMissingRoute = (status: number) => [404, 405, 501].includes(status);
