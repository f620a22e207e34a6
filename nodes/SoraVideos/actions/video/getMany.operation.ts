import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { videos } from '../../client/videos';
import { inputError } from '../../helpers/validation';
import { normaliseVideo } from '../../helpers/video';
import { SERVER_TRAITS } from '../../helpers/servers';
import { serverOf } from '../../transport';
import { displayFor, isMissingRoute } from './common';

const MAX_PAGE = 100;
const MAX_LIMIT = 10000;

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Order',
				name: 'order',
				type: 'options',
				default: 'desc',
				options: [
					{ name: 'Newest First', value: 'desc' },
					{ name: 'Oldest First', value: 'asc' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions(displayFor('getMany'), properties);

/** docs/protocol.md rule 32. */
function unsupportedHint(status: number): string | undefined {
	if (isMissingRoute(status) || status === 400) {
		return "Listing videos is not supported by this server as configured: new-api has no list route; LiteLLM needs custom_llm_provider=openai and Bifrost needs provider=<name> (add them to the credential's Query Parameters).";
	}
	return undefined;
}

/**
 * Where the next page starts, if there may be one: the server's cursor, or, without has_more
 * (SGLang, TensorRT-LLM), the last id of a full page (docs/protocol.md rule 32).
 */
function nextPage(body: IDataObject, page: IDataObject[], pageSize: number) {
	const cursorFields = body.has_more !== undefined;
	const more = cursorFields ? body.has_more === true : page.length >= pageSize;
	const cursor = typeof body.last_id === 'string' ? body.last_id : page.at(-1)?.id;
	return { cursorFields, next: more && typeof cursor === 'string' ? cursor : undefined };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', itemIndex));
	if (!returnAll && (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Limit',
			`${limit} is not a whole number from 1 to ${MAX_LIMIT}`,
			'Set a positive limit, or turn on Return All.',
		);
	}
	const { order } = this.getNodeParameter('options', itemIndex, {}) as { order?: string };
	const { listQuery } = SERVER_TRAITS[await serverOf(this, itemIndex)];
	const client = videos(this, itemIndex);
	const found: IDataObject[] = [];
	const seenIds = new Set<unknown>();
	const usedCursors = new Set<string>();
	let after: string | undefined;
	while (found.length < limit) {
		const pageSize = Math.min(MAX_PAGE, limit - found.length);
		const body = await client.list({ limit: pageSize, order, after }, unsupportedHint, listQuery);
		const page = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
		// Seen ids include this page's own: a server may send one twice on a page too.
		const fresh = page.filter((video) => {
			if (video.id === undefined) return true;
			if (seenIds.has(video.id)) return false;
			seenIds.add(video.id);
			return true;
		});
		found.push(...fresh.slice(0, limit - found.length));
		const { cursorFields, next } = nextPage(body, page, pageSize);
		if (!next) break;
		// A server that ignores `after` or cycles its cursors would otherwise be paged forever. Without
		// cursor fields that is how a server with no paging (TensorRT-LLM) says it sent everything.
		if (fresh.length === 0 || usedCursors.has(next)) {
			if (cursorFields) {
				this.logger.warn(
					`Sora Videos: Get Many stopped after ${found.length} videos: the server sent a page it had already sent (cursor ${next})`,
				);
			}
			break;
		}
		usedCursors.add(next);
		after = next;
	}
	return found.map((video) => ({ json: normaliseVideo(video), pairedItem: { item: itemIndex } }));
}
