import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { createBody } from '../../helpers/createBody';
import {
	isOpenAiModel,
	missingOperation,
	SERVER_TRAITS,
	type ServerKind,
} from '../../helpers/servers';
import { checkPrompt, checkSeconds, checkSize, inputError } from '../../helpers/validation';
import type { ItemOutcome, Operation } from '../operation';
import { displayFor, secondsOptions } from './common';
import { waitForJobs } from './waitForCompletion.operation';
import { newJob } from './waitJobs';
import {
	parseAdditionalFields,
	readCharacterIds,
	readImageOption,
	referenceLabels,
} from './createInput';
import {
	readOpenRouterInput,
	refuseOpenRouterOptions,
	type ImageAndSoundOptions,
} from './createOpenRouter';

/**
 * Grouped by shape, the default first, smallest to largest: sorted as text they would read
 * 1024x1792 … 720x1280. Kept in a constant because n8n's alphabetical-order lint rule checks only
 * options written in place.
 */
const sizeOptions = [
	{ name: '720x1280 (Portrait)', value: '720x1280' },
	{ name: '1024x1792 (Portrait, Pro)', value: '1024x1792' },
	{ name: '1080x1920 (Portrait, Pro)', value: '1080x1920' },
	{ name: '1280x720 (Landscape)', value: '1280x720' },
	{ name: '1792x1024 (Landscape, Pro)', value: '1792x1024' },
	{ name: '1920x1080 (Landscape, Pro)', value: '1920x1080' },
];

const properties: INodeProperties[] = [
	{
		displayName:
			'Create starts a render and returns its job at once (status queued or in progress). To get the MP4, add the option Wait for Completion, or, for many items or long renders, follow with a Wait for Completion step. While building the workflow, pin this output so that testing later steps does not pay for a new video.',
		name: 'createNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. A red paper boat drifting down a rainy street, cinematic',
		description: 'Text describing the video (up to 32,000 characters)',
		typeOptions: { rows: 4 },
	},
	{
		displayName: 'Model Name or ID',
		name: 'model',
		type: 'options',
		default: 'sora-2',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'The models your server offers, video models first. Another model: switch the field to Expression and type its ID. Empty: the server chooses.',
		typeOptions: { loadOptionsMethod: 'getModels' },
	},
	{
		displayName: 'Seconds',
		name: 'seconds',
		type: 'options',
		default: '4',
		description:
			"Length of the video. Other durations a gateway supports can be set with an expression; an expression that gives an empty value leaves it to the server's default.",
		hint: "Sora's lengths. Another model's (e.g. 5 or 6 s): switch the field to Expression and type it.",
		options: secondsOptions,
	},
	{
		displayName: 'Size',
		name: 'size',
		type: 'options',
		default: '720x1280',
		description:
			"Width x height in pixels. Sora 2 renders 720x1280 and 1280x720; the larger sizes need Sora 2 Pro. An expression that gives an empty value leaves it to the server's default.",
		hint: "Sora's sizes. Another model's (e.g. 1024x576): switch the field to Expression and type it.",
		options: sizeOptions,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		// Labels that fit the "Add option" list; what only some servers need starts with "Server:",
		// so it sorts below the reference image options a first-time user looks for.
		options: [
			{
				displayName: 'Characters',
				name: 'characterIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. char_123, char_456',
				description:
					"Up to two character IDs from Character Create, comma-separated; write each character's name in the prompt. The request then goes as JSON, the only body that carries characters.",
			},
			{
				displayName: 'Generate Audio',
				name: 'generateAudio',
				type: 'boolean',
				default: true,
				description:
					"Whether to ask for a soundtrack, where the server offers the choice (OpenRouter: generate_audio). Leave the option out for the model's default.",
			},
			{
				displayName: 'Last Frame Image Field',
				name: 'lastFrameImageBinaryProperty',
				type: 'string',
				default: '',
				placeholder: 'e.g. lastFrame',
				description:
					"Name of the input item's binary field holding the image the video ends on (JPEG, PNG or WebP), for servers that take one (OpenRouter: frame_images, last_frame)",
			},
			{
				displayName: 'Last Frame Image URL',
				name: 'lastFrameImageUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/last-frame.png',
				description:
					'An https or data: URL of the image the video ends on, for servers that take one (OpenRouter: frame_images, last_frame)',
			},
			{
				displayName: 'Reference Image Field',
				name: 'referenceImageBinaryProperty',
				type: 'string',
				default: '',
				placeholder: 'e.g. data',
				description:
					"Name of the input item's binary field holding the first-frame image (JPEG, PNG or WebP, exactly the video size; any size on OpenRouter)",
			},
			{
				displayName: 'Reference Image URL',
				name: 'referenceImageUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/first-frame.png',
				description:
					"An https or data: URL of the first-frame image, sent in the field the credential's server reads (OpenAI: input_reference.image_url in a JSON body)",
			},
			{
				displayName: 'Server: Extra Fields',
				name: 'additionalBodyFields',
				type: 'json',
				default: '{}',
				description:
					'Extra fields merged into the request body, e.g. {"seed": 7, "negative_prompt": "blurry"} or a gateway\'s provider hints',
			},
			{
				displayName: 'Server: Image JSON Form',
				name: 'referenceImageJsonForm',
				type: 'options',
				default: 'object',
				description:
					'How a JSON body carries the reference image: as {"image_url": …} or as a plain string. Not needed when the credential names the server.',
				options: [
					{ name: 'Object With Image URL (OpenAI)', value: 'object' },
					{ name: 'String (Bifrost, New-Api)', value: 'string' },
				],
			},
			{
				displayName: 'Server: Send as JSON',
				name: 'sendAsJson',
				type: 'boolean',
				default: false,
				description:
					'Whether to send a JSON body instead of multipart (a binary reference image then goes as a data: URL). Not needed when the credential names the server, e.g. Bifrost.',
			},
			{
				displayName: 'Wait for Completion',
				name: 'waitForCompletion',
				type: 'boolean',
				// true once added (docs/interface.md): adding it is asking for the video.
				default: true,
				description:
					'Whether to wait in this node until the video is rendered and download the MP4 into the binary field "data" (up to 15 minutes per video; the Wait for Completion operation has the settings)',
			},
		],
	},
];

export const description = updateDisplayOptions(displayFor('create'), properties);

interface CreateOptions extends ImageAndSoundOptions {
	additionalBodyFields?: string | IDataObject;
	characterIds?: string;
	referenceImageJsonForm?: 'object' | 'string';
	sendAsJson?: boolean;
	waitForCompletion?: boolean;
}

/** The Characters option needs the server's character routes (docs/protocol.md rule 37). */
function refuseMissingCharacters(ctx: IExecuteFunctions, itemIndex: number, server: ServerKind) {
	const missing = missingOperation(server, 'character', 'create');
	if (!missing) return;
	const { name } = SERVER_TRAITS[server];
	throw inputError(
		ctx.getNode(),
		itemIndex,
		'Characters',
		`${name} has no ${missing.what}`,
		missing.instead,
	);
}

/** Checks an item's parameters and builds its request body, without sending anything. */
export async function readInput(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject | FormData> {
	const node = this.getNode();
	const prompt = checkPrompt(node, itemIndex, this.getNodeParameter('prompt', itemIndex));
	const server = await videos(this, itemIndex).server();
	const traits = SERVER_TRAITS[server];
	const requestedModel = String(this.getNodeParameter('model', itemIndex) ?? '').trim();
	// Empty, or an OpenAI id on a server that runs only its own model: left out, so the server uses its own.
	const model = traits.refusesOpenAiModels && isOpenAiModel(requestedModel) ? '' : requestedModel;
	const seconds = checkSeconds(node, itemIndex, model, this.getNodeParameter('seconds', itemIndex));
	const size = checkSize(node, itemIndex, model, this.getNodeParameter('size', itemIndex));
	const options = this.getNodeParameter('options', itemIndex, {}) as CreateOptions;
	const extra = parseAdditionalFields(this, itemIndex, options.additionalBodyFields);
	if (traits.body === 'openRouter') {
		const fields = { prompt, model, seconds, size, extra, options };
		return await readOpenRouterInput(this, itemIndex, fields);
	}
	refuseOpenRouterOptions(this, itemIndex, options, traits.name);
	const reference = {
		property: options.referenceImageBinaryProperty,
		url: options.referenceImageUrl,
	};
	const { image, imageUrl } = await readImageOption(
		this,
		itemIndex,
		reference,
		referenceLabels,
		size,
	);

	const characters = readCharacterIds(this, itemIndex, options.characterIds);
	if (characters.length) refuseMissingCharacters(this, itemIndex, server);

	const fields: IDataObject = { ...extra, prompt };
	if (model) fields.model = model;
	if (seconds) fields.seconds = seconds;
	if (size) fields.size = size;
	if (characters.length) fields.characters = characters.map((id) => ({ id }));
	return createBody(fields, {
		traits,
		image,
		imageUrl,
		// Only a JSON body can carry `characters: [{id}]` (api-contract §2.1).
		sendAsJson: options.sendAsJson === true || characters.length > 0,
		jsonForm: options.referenceImageJsonForm,
	});
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = await readInput.call(this, itemIndex);
	const video = await videos(this, itemIndex).create(body);
	return [{ json: video, pairedItem: { item: itemIndex } }];
}

/**
 * The Wait for Completion option: the new jobs of the items that ask for it are waited for in one
 * loop, with Wait for Completion's defaults, and their MP4 downloaded into `data`.
 */
export async function waitIfAsked(
	this: IExecuteFunctions,
	itemIndices: number[],
	outcomes: ItemOutcome[],
	stopOnError: boolean,
): Promise<Array<ItemOutcome | undefined>> {
	const waiting = itemIndices.flatMap((itemIndex, position) => {
		const outcome = outcomes[position];
		const options = this.getNodeParameter('options', itemIndex, {}) as CreateOptions;
		if (!Array.isArray(outcome) || options.waitForCompletion !== true) return [];
		const created = outcome[0].json;
		const job = newJob(this, itemIndex, String(created.id), { download: true }, created);
		return [{ position, job }];
	});
	if (waiting.length === 0) return outcomes;
	const waited = await waitForJobs(
		this,
		waiting.map(({ job }) => job),
		stopOnError,
	);
	const result: Array<ItemOutcome | undefined> = [...outcomes];
	// A job the wait did not reach (it stopped at another's failure) keeps Create's output.
	waiting.forEach(({ position }, index) => (result[position] = waited[index] ?? result[position]));
	return result;
}

export const operation: Operation = {
	value: 'create',
	name: 'Create',
	action: 'Create a video',
	summary: 'Start a video job from a prompt, optionally with a reference image',
	subtitle: 'Create video',
	description,
	concurrency: 4,
	readInput,
	execute,
	followUp: waitIfAsked,
};
