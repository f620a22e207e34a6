import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findContentUrl, type Video } from '../../helpers/video';
import { inputError } from '../../helpers/validation';
import { downloadContent, type Variant } from '../../transport';
import { fetchVideo } from './get.operation';
import { readVideoId, showFor, variantField, videoIdField } from './common';

export const description: INodeProperties[] = [
	videoIdField('download'),
	{ ...variantField, displayOptions: showFor(['download']) },
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'Name of the binary property to write the file to',
		displayOptions: showFor(['download']),
	},
];

const variants: Variant[] = ['video', 'thumbnail', 'spritesheet'];

export function readVariant(ctx: IExecuteFunctions, itemIndex: number, value: unknown): Variant {
	if (!variants.includes(value as Variant)) {
		throw inputError(ctx.getNode(), itemIndex, 'Variant', `"${String(value)}" is not a variant`, `Use one of ${variants.join(', ')}.`);
	}
	return value as Variant;
}

export function readBinaryPropertyName(ctx: IExecuteFunctions, itemIndex: number, value: unknown): string {
	const name = typeof value === 'string' ? value.trim() : '';
	if (!name) {
		throw inputError(ctx.getNode(), itemIndex, 'Put Output File in Field', 'the binary property name is empty', 'Use a name such as data.');
	}
	return name;
}

/** Downloads a completed job's file and returns the output item: the job in json, the file in binary. */
export async function downloadItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	video: Video,
	variant: Variant,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	const binary = await downloadContent(ctx, {
		videoId: video.id,
		variant,
		itemIndex,
		fallbackUrl: findContentUrl(video),
	});
	return { json: video, binary: { [binaryPropertyName]: binary }, pairedItem: { item: itemIndex } };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const videoId = readVideoId(this, itemIndex);
	const variant = readVariant(this, itemIndex, this.getNodeParameter('variant', itemIndex));
	const property = readBinaryPropertyName(this, itemIndex, this.getNodeParameter('binaryPropertyName', itemIndex));
	// Content exists only once the job completed; asking first gives a clear message instead of a server's 400/404/409.
	const { video } = await fetchVideo(this, itemIndex, videoId);
	if (video.status !== 'completed') {
		const progress = video.progress === null ? '' : `, ${video.progress}%`;
		const error = new NodeOperationError(this.getNode(), `Video ${videoId} is not ready to download: it is ${video.status}${progress}`, {
			itemIndex,
			description: 'Put a Wait for Completion step before Download (or use its Download option).',
		});
		error.context.video = video;
		throw error;
	}
	return [await downloadItem(this, itemIndex, video, variant, property)];
}
