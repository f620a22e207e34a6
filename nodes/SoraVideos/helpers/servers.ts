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
	 * The March 2026 routes this server does not have (new-surface.md), so the node refuses them
	 * before sending anything; `characters` covers Character Create and Get and Create's
	 * Characters option.
	 */
	lacks: readonly NewRoute[];
}

/** The routes OpenAI added in March 2026, by the operation that uses them. */
export type NewRoute = 'edit' | 'extend' | 'characters';

export const NEW_ROUTES: Record<NewRoute, { operation: string; route: string }> = {
	edit: { operation: 'Edit', route: 'POST /videos/edits' },
	extend: { operation: 'Extend', route: 'POST /videos/extensions' },
	characters: { operation: 'Characters', route: 'POST /videos/characters' },
};

/** The credential's names for its Server choices, for messages. */
const SERVER_NAMES: Partial<Record<ServerKind, string>> = {
	litellm: 'LiteLLM Proxy',
	newApi: 'New-Api',
	bifrost: 'Bifrost',
	vllmOmni: 'vLLM-Omni',
	sglang: 'SGLang-Diffusion',
	tensorrtLlm: 'TensorRT-LLM',
};

export const serverName = (kind: ServerKind) => SERVER_NAMES[kind] ?? kind;

const none: readonly NewRoute[] = ['edit', 'extend', 'characters'];

const openAiReference = { field: 'input_reference', form: 'object', needsJson: true } as const;
const stringReference = { field: 'input_reference', form: 'string', needsJson: true } as const;
const multipart = { json: false, refusesOpenAiModels: false, listQuery: {}, lacks: [] };

export const SERVER_TRAITS: Record<ServerKind, ServerTraits> = {
	auto: { ...multipart, urlReference: openAiReference },
	litellm: {
		...multipart,
		urlReference: openAiReference,
		listQuery: { custom_llm_provider: 'openai' },
	},
	// Upstream has none of the new routes; some forks serve edits and extensions, none characters.
	newApi: { ...multipart, urlReference: stringReference, lacks: ['characters'] },
	bifrost: {
		...multipart,
		json: true,
		urlReference: stringReference,
		listQuery: { provider: 'openai' },
		// Its newest handler serves edits (Runware's models among others), nothing else new.
		lacks: ['extend', 'characters'],
	},
	vllmOmni: {
		...multipart,
		urlReference: { field: 'image_reference', form: 'jsonString', needsJson: false },
		refusesOpenAiModels: true,
		lacks: none,
	},
	sglang: {
		...multipart,
		urlReference: { field: 'reference_url', form: 'string', needsJson: false },
		lacks: none,
	},
	tensorrtLlm: {
		...multipart,
		urlReference: { field: 'image_reference', form: 'string', needsJson: false },
		lacks: none,
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
