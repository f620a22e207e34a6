import { ApiError } from '../errors';
import { type Reply, jsonReply } from '../reply';
import { sampleName, samplePng, sampleSize, sampleSizes } from '../samples';
import type { ApiContext, ApiRequest } from './context';

/**
 * GET /samples (the index) and GET /samples/reference-WxH.png (one sample image), answered
 * without a key: they are files for a workflow to start from, not the API.
 */
export function samples(ctx: ApiContext, req: ApiRequest): Reply {
	const profile = ctx.profile();
	const sizes = sampleSizes(profile);
	if (req.route === 'GET /samples') {
		const data = sizes.map((size) => ({
			name: sampleName(size),
			size,
			content_type: 'image/png',
			url: `${ctx.baseUrl()}/samples/${sampleName(size)}`,
		}));
		return jsonReply(200, { object: 'list', data });
	}
	const name = req.rawId ?? '';
	const size = sampleSize(name);
	if (size === null || !sizes.includes(size))
		return profile.error(
			new ApiError(404, `No sample '${name}' here: GET ${ctx.baseUrl()}/samples lists them.`),
		);
	return {
		status: 200,
		headers: {
			'content-type': 'image/png',
			'content-disposition': `inline; filename="${name}"`,
		},
		body: samplePng(size),
	};
}
