import type { IDataObject } from 'n8n-workflow';

import { parseErrorBody } from '../helpers/errors';

/**
 * What each endpoint's failures mean beyond their status: the client attaches one to every
 * request, and the transport adds its text to the error's description.
 */
export type Explain = (status: number, body: IDataObject) => string | undefined;

/** 404, 405 and 501 are how servers say a route does not exist (docs/protocol.md rule 13). */
export const isMissingRoute = (status: number) => [404, 405, 501].includes(status);

/** A create refused because the model or the whole API is gone (docs/protocol.md rule 12). */
export const explainCreate: Explain = (status, body) => {
	const text = JSON.stringify(body);
	if (
		status === 410 ||
		(status === 404 && /model_not_found|DeploymentNotFound|does not exist/i.test(text))
	) {
		return "This model or endpoint looks retired: OpenAI shut its Videos API down on 2026-09-24 and Azure retired Sora 2 on 2026-10-15. Point the credential's Base URL at a server that still speaks the protocol (a LiteLLM proxy, new-api, Bifrost, vLLM-Omni, TensorRT-LLM, or the local simulator) and use a model ID it serves.";
	}
	return undefined;
};

/** docs/protocol.md rule 34. */
export const explainRemix: Explain = (status, body) => {
	if (isMissingRoute(status) || /not supported/i.test(JSON.stringify(body))) {
		return 'Remix is not supported for this model or server (LiteLLM remixes only OpenAI/Azure models; TensorRT-LLM has no remix), or the video does not exist.';
	}
	return undefined;
};

/** docs/protocol.md rule 32. */
export const explainList: Explain = (status) => {
	if (isMissingRoute(status) || status === 400) {
		return "Listing videos is not supported by this server as configured: new-api has no list route; LiteLLM needs custom_llm_provider=openai and Bifrost needs provider=<name> (add them to the credential's Query Parameters).";
	}
	return undefined;
};

/** A read of one video answered 404: the id is the usual suspect (docs/protocol.md rule 13). */
export const explainUnknownVideo: Explain = (status) => {
	if (status !== 404) return undefined;
	return "No video with this ID on the server. Pass the ID on from Create with {{ $json.id }} (Video ID's default), or find it with Get Many; servers delete videos after a while (OpenAI-style servers say when in expires_at). If no ID works, check the credential's Base URL.";
};

/** docs/protocol.md rule 33. */
export const explainDelete: Explain = (status) => {
	if (status === 405 || status === 501)
		return 'Delete is not supported by this server (the LiteLLM proxy has no delete route).';
	if (isMissingRoute(status)) {
		return 'Either the video does not exist, or this server has no delete route (new-api answers 404 for every delete).';
	}
	return undefined;
};

/** A 404 that names a missing video or character is about that object, not about the route. */
const namesMissingObject = (body: IDataObject) =>
	/\b(video|character)\b.*\b(not found|does not exist)/i.test(parseErrorBody(body).message ?? '');

/**
 * Edit, Extend and Characters (March 2026) on a server without the route: 404 (Go routers,
 * FastAPI's `{"detail":"Not Found"}`, OpenAI's "Invalid URL"), 405 (FastAPI, where a GET route
 * matches the path) or 501. Not a wrong Base URL: the server's other routes answer
 * (docs/protocol.md rule 41).
 */
export function explainMissingRoute(operation: string): Explain {
	return (status, body) => {
		if (!isMissingRoute(status) || (status === 404 && namesMissingObject(body))) return undefined;
		return `This server has no ${operation}: the OpenAI Videos API added it in March 2026, and the LiteLLM proxy serves it from v1.83, but new-api upstream, vLLM-Omni, SGLang and TensorRT-LLM do not (some new-api forks and Bifrost's newest versions serve edits). The Base URL is not the problem.`;
	};
}
