import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { triggerProperties } from './description';
import { pollFinishedJobs } from './poll';

/**
 * Starts a workflow once for each video job that finishes on the server, so that one workflow can
 * create jobs and end while another handles the finished videos, without an execution held open
 * during the render (docs/trigger.md).
 */
export class SoraVideosTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sora Videos Trigger',
		name: 'soraVideosTrigger',
		icon: { light: 'file:sora.svg', dark: 'file:sora.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On video " + $parameter["event"]}}',
		description: 'Starts the workflow when a video job finishes on an OpenAI Videos API server',
		defaults: { name: 'Sora Videos Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'soraVideosApi', required: true }],
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollFinishedJobs.call(this);
	}
}
