import type { IDataObject } from 'n8n-workflow';

/** The credential's Server choice (interface.md: `server`). */
export type ServerKind =
	| 'auto'
	| 'litellm'
	| 'newApi'
	| 'bifrost'
	| 'vllmOmni'
	| 'sglang'
	| 'tensorrtLlm';

/**
 * What a server needs that its answers cannot tell (README, "Credentials"). Answers are read the
 * same way whichever server is chosen; only requests differ.
 */
export interface ServerTraits {
	/** Create bodies go as JSON (Bifrost decodes nothing else); otherwise multipart. */
	json: boolean;
	/**
	 * Where a reference image given as a URL goes: OpenAI's `input_reference: {image_url}`,
	 * new-api's and Bifrost's plain string, vLLM-Omni's `image_reference` form field holding the
	 * JSON string `{"image_url": …}`, SGLang's `reference_url`, TensorRT-LLM's `image_reference`.
	 * `needsJson`: only a JSON body can carry it, so a URL reference turns the body into JSON.
	 */
	urlReference: { field: string; form: 'object' | 'string' | 'jsonString'; needsJson: boolean };
	/** vLLM-Omni serves one model and refuses any other name ("Model mismatch"), OpenAI's included. */
	refusesOpenAiModels: boolean;
	/** Query parameters Get Many needs on this server, unless the credential's Query Parameters set them. */
	listQuery: IDataObject;
	/**
	 * Whether the server lists jobs at all (`GET /videos`): new-api upstream has no list route, so
	 * nothing can watch its jobs finish (the Sora Videos Trigger refuses it and points to the loop
	 * pattern, docs/trigger.md).
	 */
	hasList: boolean;
}

const openAiReference = { field: 'input_reference', form: 'object', needsJson: true } as const;
const stringReference = { field: 'input_reference', form: 'string', needsJson: true } as const;
const multipart = { json: false, refusesOpenAiModels: false, listQuery: {}, hasList: true };

export const SERVER_TRAITS: Record<ServerKind, ServerTraits> = {
	auto: { ...multipart, urlReference: openAiReference },
	litellm: {
		...multipart,
		urlReference: openAiReference,
		listQuery: { custom_llm_provider: 'openai' },
	},
	newApi: { ...multipart, urlReference: stringReference, hasList: false },
	bifrost: {
		...multipart,
		json: true,
		urlReference: stringReference,
		listQuery: { provider: 'openai' },
	},
	vllmOmni: {
		...multipart,
		urlReference: { field: 'image_reference', form: 'jsonString', needsJson: false },
		refusesOpenAiModels: true,
	},
	sglang: {
		...multipart,
		urlReference: { field: 'reference_url', form: 'string', needsJson: false },
	},
	tensorrtLlm: {
		...multipart,
		urlReference: { field: 'image_reference', form: 'string', needsJson: false },
	},
};

export function serverKind(value: unknown): ServerKind {
	return typeof value === 'string' && Object.hasOwn(SERVER_TRAITS, value)
		? (value as ServerKind)
		: 'auto';
}

/** OpenAI's own model ids (and the node's default), which a self-hosted server does not run. */
export const isOpenAiModel = (model: string) => /^sora-2(-pro)?(-\d{4}-\d{2}-\d{2})?$/.test(model);

/** Names that say a model makes videos, so the Model list can put them first. */
const videoModelPattern =
	/video|sora|veo|\bwan|t2v|i2v|kling|seedance|hailuo|runway|\bltx|hunyuan|cogvideo|mochi|pika|luma|vidu|pixverse|skyreels/i;

/** The server's model ids with the video models first, each group in the server's order. */
export function videoModelsFirst(ids: string[]): string[] {
	const video = ids.filter((id) => videoModelPattern.test(id));
	return [...video, ...ids.filter((id) => !videoModelPattern.test(id))];
}
