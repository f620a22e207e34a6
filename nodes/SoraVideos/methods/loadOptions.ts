import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { videos } from '../client/videos';
import { videoModelsFirst } from '../helpers/servers';

/** Offered when the server does not answer GET /models (or lists nothing). */
const openAiModels: INodePropertyOptions[] = [
	{ name: 'Sora 2', value: 'sora-2' },
	{ name: 'Sora 2 Pro', value: 'sora-2-pro' },
];

const serverDefault: INodePropertyOptions = {
	name: "Server's Own Model (Leave Empty)",
	value: '',
	description: 'Send no model: the server renders with the one it serves',
};

/**
 * The Model list: the server's own models from GET {Base URL}/models (OpenRouter: its video
 * models, GET /videos/models), video models first, asked once: the editor waits.
 */
export async function getModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	let ids: string[] = [];
	try {
		ids = await videos(this).models({ retry: false });
	} catch {
		// A server without /models (or not reachable from the editor, or no Base URL yet) still gets a
		// usable list.
	}
	const models =
		ids.length > 0 ? videoModelsFirst(ids).map((id) => ({ name: id, value: id })) : openAiModels;
	return [...models, serverDefault];
}
