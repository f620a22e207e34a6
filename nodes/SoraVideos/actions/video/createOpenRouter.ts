import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { dataUrlOf, openRouterBody, openRouterSize } from '../../helpers/createBody';
import { inputError } from '../../helpers/validation';
import type { VideoModel } from '../../helpers/videoModels';
import { lastFrameLabels, readImageOption, referenceLabels, type ImageLabels } from './createInput';

// Create on OpenRouter: its own body, checked against what its catalog lists for the model before
// anything is sent (docs/protocol.md rule 39).

/** Create's options that choose images and sound. */
export interface ImageAndSoundOptions {
	referenceImageBinaryProperty?: string;
	referenceImageUrl?: string;
	lastFrameImageBinaryProperty?: string;
	lastFrameImageUrl?: string;
	generateAudio?: boolean;
}

/** What Create read before it knew the server's dialect, already checked in OpenAI's terms. */
export interface CreateFields {
	prompt: string;
	model: string;
	seconds?: string;
	size?: string;
	extra: IDataObject;
	options: ImageAndSoundOptions;
}

const listed = (values: Array<string | number>) => values.join(', ');

/** The chosen model's catalog entry; undefined when there is no catalog to check against. */
async function findModel(
	ctx: IExecuteFunctions,
	itemIndex: number,
	id: string,
): Promise<VideoModel | undefined> {
	const catalog = await videos(ctx, itemIndex).videoModelCatalog();
	const offered = catalog?.length ? ` It lists: ${listed(catalog.map((model) => model.id))}.` : '';
	if (!id)
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Model',
			'OpenRouter needs a model',
			`Pick one of its video models from the list.${offered}`,
		);
	const model = catalog?.find((entry) => entry.id === id);
	if (catalog && !model)
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Model',
			`OpenRouter lists no video model "${id}"`,
			`Pick one from the list (GET /videos/models).${offered}`,
		);
	return model;
}

/** Seconds and Size as the model's catalog entry allows them, or a refusal naming what it supports. */
function checkLengthAndShape(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: VideoModel,
	fields: CreateFields,
) {
	const refuse = (field: string, problem: string, supported: string) =>
		inputError(
			ctx.getNode(),
			itemIndex,
			field,
			`${model.id} ${problem}`,
			`It supports ${supported}.`,
		);
	const { seconds, size } = fields;
	if (seconds && model.durations && !model.durations.includes(Number(seconds)))
		throw refuse(
			'Seconds',
			`does not support ${seconds} seconds`,
			`${listed(model.durations)} seconds`,
		);
	const shape = size ? openRouterSize(size, model.sizes) : undefined;
	if (!shape || 'size' in shape) return;
	const sizes = model.sizes ? `, or exactly the sizes ${listed(model.sizes)}` : '';
	if (model.aspectRatios && !model.aspectRatios.includes(shape.aspect_ratio))
		throw refuse(
			'Size',
			`does not support the aspect ratio ${shape.aspect_ratio} (${size})`,
			`the aspect ratios ${listed(model.aspectRatios)}${sizes}`,
		);
	if (model.resolutions && !model.resolutions.includes(shape.resolution))
		throw refuse(
			'Size',
			`does not support the resolution ${shape.resolution} (${size})`,
			`the resolutions ${listed(model.resolutions)} (the shorter side of Size)${sizes}`,
		);
}

/** A frame image: the URL OpenRouter takes, and the option it came from. */
interface Frame {
	type: 'first_frame' | 'last_frame';
	url?: string;
	field: string;
}

/** The options each frame image comes from: the reference image is the first frame. */
const frameOptions = [
	{
		type: 'first_frame',
		labels: referenceLabels,
		given: (options: ImageAndSoundOptions) => ({
			property: options.referenceImageBinaryProperty,
			url: options.referenceImageUrl,
		}),
	},
	{
		type: 'last_frame',
		labels: lastFrameLabels,
		given: (options: ImageAndSoundOptions) => ({
			property: options.lastFrameImageBinaryProperty,
			url: options.lastFrameImageUrl,
		}),
	},
] as const;

/** One frame image as a URL OpenRouter takes: https as given, a binary image as a data: URL. */
async function readFrame(
	ctx: IExecuteFunctions,
	itemIndex: number,
	type: Frame['type'],
	given: { property?: string; url?: string },
	labels: ImageLabels,
): Promise<Frame> {
	// Providers scale frames to the video, so any pixel size will do (no size to match).
	const { image, imageUrl } = await readImageOption(ctx, itemIndex, given, labels, undefined);
	if (imageUrl) return { type, url: imageUrl, field: labels.url };
	return { type, url: image && dataUrlOf(image), field: labels.property };
}

function checkFrameAndSound(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: VideoModel,
	frames: Frame[],
	generateAudio: boolean | undefined,
) {
	for (const { url, type, field } of frames) {
		if (url && model.frameTypes && !model.frameTypes.includes(type))
			throw inputError(
				ctx.getNode(),
				itemIndex,
				field,
				`${model.id} takes no ${type.replace('_', ' ')}`,
				`It takes ${listed(model.frameTypes.map((name) => name.replace('_', ' ')))}.`,
			);
	}
	if (generateAudio === true && model.audio === false)
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Generate Audio',
			`${model.id} makes no sound`,
			'Remove the Generate Audio option, or pick a model that makes sound.',
		);
}

/** Create's body for OpenRouter, checked item by item before any is sent. */
export async function readOpenRouterInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: CreateFields,
): Promise<IDataObject> {
	const { options } = fields;
	const model = await findModel(ctx, itemIndex, fields.model);
	const [first, last] = await Promise.all(
		frameOptions.map(async ({ type, given, labels }) =>
			readFrame(ctx, itemIndex, type, given(options), labels),
		),
	);
	if (model) {
		checkLengthAndShape(ctx, itemIndex, model, fields);
		checkFrameAndSound(ctx, itemIndex, model, [first, last], options.generateAudio);
	}
	return openRouterBody(
		{ ...fields.extra, model: fields.model, prompt: fields.prompt },
		{
			seconds: fields.seconds,
			size: fields.size,
			exactSizes: model?.sizes ?? null,
			firstFrame: first.url,
			lastFrame: last.url,
			generateAudio: options.generateAudio,
		},
	);
}

/**
 * The last frame and the sound choice are OpenRouter's: on another server they are refused
 * rather than dropped or sent where that server would reject them.
 */
export function refuseOpenRouterOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: ImageAndSoundOptions,
	serverName: string,
) {
	const lastFrame = options.lastFrameImageBinaryProperty?.trim()
		? lastFrameLabels.property
		: options.lastFrameImageUrl?.trim()
			? lastFrameLabels.url
			: undefined;
	const fix =
		"Set the credential's Server to OpenRouter if that is the server, or put the field this server reads in Server: Extra Fields.";
	if (lastFrame)
		throw inputError(ctx.getNode(), itemIndex, lastFrame, `${serverName} takes no last frame`, fix);
	if (options.generateAudio !== undefined)
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Generate Audio',
			`${serverName} offers no choice of sound`,
			fix,
		);
}
