import type {
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { videos, type Variant } from '../../client/videos';
import { checkVideoId, inputError } from '../../helpers/validation';
import type { Video } from '../../helpers/video';

/** Where an operation's fields show: passed to n8n-workflow's `updateDisplayOptions`. */
export function displayFor(operation: string): IDisplayOptions {
	return { show: { resource: ['video'], operation: [operation] } };
}

/**
 * OpenAI's lengths (Create's video, Extend's new segment), in time order: n8n's alphabetical-order
 * lint rule checks only options written in place.
 */
export const secondsOptions = [
	{ name: '4 Seconds', value: '4' },
	{ name: '8 Seconds', value: '8' },
	{ name: '12 Seconds', value: '12' },
	{ name: '16 Seconds', value: '16' },
	{ name: '20 Seconds', value: '20' },
];

export const videoIdField: INodeProperties = {
	displayName: 'Video ID',
	name: 'videoId',
	type: 'string',
	required: true,
	default: '={{ $json.id }}',
	description:
		'ID of the video job, as returned by Create (the default reads it from the input item)',
};

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

/** Where an option of a download only shows once the collection's Download option is on. */
export const whenDownloading: IDisplayOptions = { show: { download: [true] } };

export const fileNameField: INodeProperties = {
	displayName: 'File Name',
	name: 'fileName',
	type: 'string',
	default: '',
	placeholder: 'e.g. boat-at-dusk.mp4',
	description:
		"Name of the stored file. Without an extension the file's own is added. Empty: the prompt's first words and the end of the video ID.",
};

export function readVideoId(ctx: IExecuteFunctions, itemIndex: number): string {
	return checkVideoId(ctx.getNode(), itemIndex, ctx.getNodeParameter('videoId', itemIndex));
}

const variants: Variant[] = ['video', 'thumbnail', 'spritesheet'];

/** Only `getNode` of the context is read: readDownloadChoice serves the trigger too. */
export function readVariant(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	value: unknown,
): Variant {
	if (!variants.includes(value as Variant)) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Variant',
			`"${String(value)}" is not a variant`,
			`Use one of ${variants.join(', ')}.`,
		);
	}
	return value as Variant;
}

export function readBinaryPropertyName(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	value: unknown,
): string {
	const name = typeof value === 'string' ? value.trim() : '';
	if (!name) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Put Output File in Field',
			'the binary property name is empty',
			'Use a name such as data.',
		);
	}
	return name;
}

/** A typed File Name, with no path in it and no leading dot; empty means the readable default. */
export function readFileName(value: unknown): string | undefined {
	const name = typeof value === 'string' ? value.trim().replace(/[\\/]+/g, '_') : '';
	return name.replace(/^\.+/, '') || undefined;
}

/** What to download and where to put it. */
export interface DownloadChoice {
	variant: Variant;
	property: string;
	fileName?: string;
}

/**
 * The download a collection of options asks for (Wait for Completion's, the trigger's): Variant,
 * Put Output File in Field and File Name, an option left out (or null) taking its default. Only
 * `getNode` of the context is read, so a trigger's poll context serves too. Download's own fields
 * are top-level and always set: it reads them one by one, refusing an empty one.
 */
export function readDownloadChoice(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	options: { variant?: unknown; binaryPropertyName?: unknown; fileName?: unknown },
): DownloadChoice {
	return {
		variant: readVariant(ctx, itemIndex, options.variant ?? 'video'),
		property: readBinaryPropertyName(ctx, itemIndex, options.binaryPropertyName ?? 'data'),
		fileName: readFileName(options.fileName),
	};
}

/**
 * Downloads a completed job's file and returns the output item: the job in json, the file in
 * binary.
 */
export async function downloadItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	video: Video,
	{ variant, property, fileName }: DownloadChoice,
): Promise<INodeExecutionData> {
	const binary = await videos(ctx, itemIndex).downloadContent(video, variant, fileName);
	return { json: video, binary: { [property]: binary }, pairedItem: { item: itemIndex } };
}
