import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { checkPrompt } from '../../helpers/validation';
import { displayFor, isMissingRoute, readVideoId, videoIdField } from './common';

const properties: INodeProperties[] = [
	videoIdField,
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Same scene, but at night with neon lights',
		description: 'What to change in the completed video',
		typeOptions: { rows: 4 },
	},
];

export const description = updateDisplayOptions(displayFor('remix'), properties);

/** docs/protocol.md rule 34. */
function unsupportedHint(status: number, body: IDataObject): string | undefined {
	if (isMissingRoute(status) || /not supported/i.test(JSON.stringify(body))) {
		return 'Remix is not supported for this model or server (LiteLLM remixes only OpenAI/Azure models; TensorRT-LLM has no remix), or the video does not exist.';
	}
	return undefined;
}

/** Checks an item's parameters without sending anything. */
export async function readInput(this: IExecuteFunctions, itemIndex: number) {
	return {
		videoId: readVideoId(this, itemIndex),
		prompt: checkPrompt(this.getNode(), itemIndex, this.getNodeParameter('prompt', itemIndex)),
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { videoId, prompt } = await readInput.call(this, itemIndex);
	const video = await videos(this, itemIndex).remix(videoId, prompt, unsupportedHint);
	return [{ json: video, pairedItem: { item: itemIndex } }];
}
