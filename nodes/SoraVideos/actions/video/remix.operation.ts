import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { checkPrompt } from '../../helpers/validation';
import { normaliseVideo } from '../../helpers/video';
import { apiRequest, encodeVideoId } from '../../transport';
import { isMissingRoute, readVideoId, showFor, videoIdField } from './common';

export const description: INodeProperties[] = [
	videoIdField('remix'),
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Same scene, but at night with neon lights',
		description: 'What to change in the completed video',
		typeOptions: { rows: 4 },
		displayOptions: showFor(['remix']),
	},
];

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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { videoId, prompt } = await readInput.call(this, itemIndex);
	const response = await apiRequest(this, {
		method: 'POST',
		path: `/videos/${encodeVideoId(videoId)}/remix`,
		body: { prompt },
		kind: 'paid',
		itemIndex,
		action: `Remix of video ${videoId}`,
		explain: unsupportedHint,
	});
	return [{ json: normaliseVideo(response.body), pairedItem: { item: itemIndex } }];
}
