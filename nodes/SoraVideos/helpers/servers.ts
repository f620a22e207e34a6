import type { IDataObject } from 'n8n-workflow';

/** The credential's Server choice (interface.md: `server`). */
export type ServerKind =
	| 'auto'
	| 'litellm'
	| 'newApi'
	| 'bifrost'
	| 'vllmOmni'
	| 'sglang'
	| 'tensorrtLlm'
	| 'openRouter';

/** An operation a server does not have, and what to do instead (interface.md names the operations). */
export interface MissingOperation {
	/** What the server has no, e.g. "remix" in "OpenRouter has no remix". */
	what: string;
	instead: string;
}

/**
 * What a server needs that its answers cannot tell (README, "Credentials"). Answers are read the
 * same way whichever server is chosen, but for the statuses a server means otherwise (rule 40);
 * requests differ, and so do the operations a server has.
 */
export interface ServerTraits {
	/** For messages: "OpenRouter has no remix". */
	name: string;
	/**
	 * The create body's fields: OpenAI's (`seconds`, `size`, `input_reference`), or OpenRouter's
	 * (`duration`, `aspect_ratio` and `resolution` or `size`, `frame_images`, `generate_audio`).
	 */
	body: 'openai' | 'openRouter';
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
	/** Query parameters of the content route (OpenRouter's `index=0`, a job's first output; rule 40). */
	contentQuery: IDataObject;
	/**
	 * Where the server lists its video models with what each supports (OpenRouter's
	 * `/videos/models`): the Model list and Create's checks come from there instead of `/models`.
	 */
	videoModelsPath?: string;
	/**
	 * Operations the server does not have, by `resource:operation` or by resource: refused before
	 * any request (docs/protocol.md rule 37).
	 */
	missingOperations: Record<string, MissingOperation>;
	/** The poll interval the server asks for; progress that predicts an earlier end wins (rule 38). */
	pollAdvice?: { minMs: number; maxMs: number };
	/** Statuses whose meaning differs here from OpenAI's words (OpenRouter's `cancelled`, `expired` fail; rule 40). */
	statuses: Record<string, string>;
}

const openAiReference = { field: 'input_reference', form: 'object', needsJson: true } as const;
const stringReference = { field: 'input_reference', form: 'string', needsJson: true } as const;
const multipart = {
	body: 'openai',
	json: false,
	refusesOpenAiModels: false,
	listQuery: {},
	contentQuery: {},
	missingOperations: {},
	statuses: {},
} as const;

/**
 * The routes OpenAI added in March 2026 (edits, extensions, characters), for the servers that
 * lack them (docs/servers.md): the LiteLLM proxy serves all of them from v1.83.
 */
const newRoutesServer =
	'Point a credential at a server that has them, such as the LiteLLM proxy from v1.83.';
const lacksEdit = {
	'video:edit': { what: 'video edits (POST /videos/edits)', instead: newRoutesServer },
};
const lacksExtend = {
	'video:extend': { what: 'video extensions (POST /videos/extensions)', instead: newRoutesServer },
};
const lacksCharacters = {
	character: { what: 'characters (POST /videos/characters)', instead: newRoutesServer },
};
const lacksNewRoutes = { ...lacksEdit, ...lacksExtend, ...lacksCharacters };

/** OpenRouter's video API has create, status and content only (docs/servers.md). */
const openRouterLacks: Record<string, MissingOperation> = {
	'video:remix': {
		what: 'remix',
		instead:
			'Create a new video with an adjusted prompt; a frame of the old one can be its Reference Image.',
	},
	'video:getMany': {
		what: 'list of videos (Get Many)',
		instead: 'Keep the IDs Create outputs (for example in a Data Table) and read each with Get.',
	},
	'video:delete': {
		what: 'delete',
		instead: 'Nothing to do: its videos expire on their own (status expired).',
	},
	'video:edit': {
		what: 'video edits',
		instead:
			'Create a new video with the change in the prompt; a frame of the old one can be its Reference Image.',
	},
	'video:extend': {
		what: 'video extensions',
		instead:
			'Create a new video whose Reference Image is the last frame of this one, and join the clips.',
	},
	character: {
		what: 'characters',
		instead:
			'Describe the character in the prompt, or give a picture of it as the Reference Image.',
	},
};

export const SERVER_TRAITS: Record<ServerKind, ServerTraits> = {
	auto: { ...multipart, name: 'This server', urlReference: openAiReference },
	litellm: {
		...multipart,
		name: 'LiteLLM',
		urlReference: openAiReference,
		listQuery: { custom_llm_provider: 'openai' },
	},
	// Upstream has none of the new routes; some forks serve edits and extensions, none characters.
	newApi: {
		...multipart,
		name: 'new-api',
		urlReference: stringReference,
		missingOperations: {
			...lacksCharacters,
			'video:getMany': {
				what: 'list of videos (Get Many)',
				instead:
					'Keep the IDs Create outputs and read each with Get; for long renders, see the loop example (docs/trigger.md).',
			},
		},
	},
	bifrost: {
		...multipart,
		name: 'Bifrost',
		json: true,
		urlReference: stringReference,
		listQuery: { provider: 'openai' },
		// Its newest handler serves edits (Runware's models among others), nothing else new.
		missingOperations: { ...lacksExtend, ...lacksCharacters },
	},
	vllmOmni: {
		...multipart,
		name: 'vLLM-Omni',
		urlReference: { field: 'image_reference', form: 'jsonString', needsJson: false },
		refusesOpenAiModels: true,
		missingOperations: lacksNewRoutes,
	},
	sglang: {
		...multipart,
		name: 'SGLang',
		urlReference: { field: 'reference_url', form: 'string', needsJson: false },
		missingOperations: lacksNewRoutes,
	},
	tensorrtLlm: {
		...multipart,
		name: 'TensorRT-LLM',
		urlReference: { field: 'image_reference', form: 'string', needsJson: false },
		missingOperations: lacksNewRoutes,
	},
	openRouter: {
		...multipart,
		name: 'OpenRouter',
		body: 'openRouter',
		json: true,
		// Unused: its frame_images carry the reference image (helpers/createBody.ts).
		urlReference: openAiReference,
		videoModelsPath: '/videos/models',
		contentQuery: { index: '0' },
		missingOperations: openRouterLacks,
		pollAdvice: { minMs: 10_000, maxMs: 30_000 },
		statuses: { cancelled: 'failed', expired: 'failed' },
	},
};

/** What the server lacks of an operation, if it lacks it. */
export function missingOperation(
	server: ServerKind,
	resource: string,
	operation: string,
): MissingOperation | undefined {
	const { missingOperations } = SERVER_TRAITS[server];
	const key = [`${resource}:${operation}`, resource].find((name) =>
		Object.hasOwn(missingOperations, name),
	);
	return key === undefined ? undefined : missingOperations[key];
}

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
