import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { videoModelsFirst } from '../helpers/servers';
import { CREDENTIAL_NAME } from '../transport';

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

/** The Model list: the server's own models from GET {Base URL}/models, video models first. */
export async function getModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	let ids: string[] = [];
	try {
		const credentials = await this.getCredentials(CREDENTIAL_NAME);
		const baseUrl = String(credentials.baseUrl).trim().replace(/\/+$/, '');
		const qs: IDataObject = {};
		new URLSearchParams(String(credentials.queryParameters ?? '')).forEach((value, key) => {
			qs[key] = value;
		});
		const answer = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_NAME, {
			url: `${baseUrl}/models`,
			method: 'GET',
			qs,
			json: true,
		})) as IDataObject;
		const data = Array.isArray(answer.data) ? (answer.data as IDataObject[]) : [];
		ids = data
			.map((entry) => entry.id)
			.filter((id): id is string => typeof id === 'string' && id !== '');
	} catch {
		// A server without /models (or not reachable from the editor, or no Base URL yet) still gets a
		// usable list.
	}
	const models =
		ids.length > 0 ? videoModelsFirst(ids).map((id) => ({ name: id, value: id })) : openAiModels;
	return [...models, serverDefault];
}
