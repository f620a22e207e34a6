import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { readAll } from './body';
import { apiError, isErrorEnvelope } from './errors';
import { answerOf, isSuccess, parseJson } from './response';
import { withRetries } from './retry';
import { resolveTarget, send } from './send';
import { transportSettings } from './settings';
import type { ApiRequest, ApiResponse, RequestContext, Session } from './types';

/** A job object, as opposed to an error body. */
function isVideoObject(body: IDataObject | undefined): body is IDataObject {
	return body?.object === 'video' && typeof body.id === 'string' && typeof body.status === 'string';
}

/** Sends an API call and returns its JSON answer, retrying as the request's kind allows. */
export async function apiRequest(ctx: RequestContext, request: ApiRequest): Promise<ApiResponse> {
	const target = await resolveTarget(ctx, request.itemIndex);
	const session: Session = { ctx, target, request };
	return await withRetries<ApiResponse>(session, async () => {
		const response = await send(session, `${target.baseUrl}${request.path}`, {
			method: request.method,
			qs: { ...request.defaultQs, ...target.extraQuery, ...request.qs },
			body: request.body as IHttpRequestOptions['body'],
			headers: { accept: 'application/json' },
		});
		const bytes = await readAll(session, response, transportSettings.maxJsonBytes);
		const answer = answerOf(response, bytes);
		if (!isSuccess(response.statusCode)) {
			// vLLM-Omni answers a failed job's GET with the failure's status and the job itself: that
			// is the answer, not a failed request (docs/protocol.md rule 35).
			const video = parseJson(bytes);
			if (isVideoObject(video))
				return {
					result: { body: video, headers: response.headers, statusCode: response.statusCode },
				};
			return answer;
		}
		// An empty 2xx (a 204 to a delete) is a success without a body (docs/protocol.md rule 7).
		const body = bytes.length === 0 ? {} : parseJson(bytes);
		if (!body) throw apiError(session, answer, "the server's answer is not JSON");
		if (isErrorEnvelope(body)) return answer;
		return { result: { body, headers: response.headers, statusCode: response.statusCode } };
	});
}
