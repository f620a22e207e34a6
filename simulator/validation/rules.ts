/**
 * What a create or remix request may hold: OpenAI's rules, which profiles loosen through
 * CreateRules, and the request the checks hand to the routes.
 */

export interface CreateRules {
	/** OpenAI rejects parameters it does not know; gateways pass them on. */
	rejectUnknownFields: boolean;
	/** The fields a server that rejects unknown ones knows (TensorRT-LLM's differ); OpenAI's by default. */
	knownFields?: readonly string[];
	/** new-api and Bifrost take input_reference in JSON as a plain string (URL or data URL). */
	stringReference: boolean;
	/** new-api also reads an integer `duration`. */
	acceptDuration: boolean;
	/**
	 * OpenAI's own model ids get OpenAI's sizes and seconds. False on self-hosted servers, which run
	 * their own model whatever the request calls it.
	 */
	openaiModelRules: boolean;
	/** input_reference is an uploaded file only (vLLM-Omni, SGLang): an object is refused, `input_reference[image_url]` ignored. */
	inputReferenceFileOnly: boolean;
	/**
	 * Where a URL reference goes instead of input_reference (self-hosted-servers.md): a plain URL
	 * (SGLang's reference_url, TensorRT-LLM's image_reference) or a JSON string
	 * {"image_url": …} (vLLM-Omni's image_reference form field).
	 */
	urlReference: { field: string; form: 'string' | 'jsonString' } | null;
}

/** OpenAI's rules; every profile starts from them. */
export const OPENAI_RULES: CreateRules = {
	rejectUnknownFields: true,
	stringReference: false,
	acceptDuration: false,
	openaiModelRules: true,
	inputReferenceFileOnly: false,
	urlReference: null,
};

/** A reference image as the server read it; `field` is the request field it came in. */
export type ReferenceImage = { field: string } & (
	| { kind: 'file'; filename: string; contentType: string; bytes: number }
	| { kind: 'image_url'; url: string }
	| { kind: 'file_id'; fileId: string }
);

export interface CreateRequest {
	prompt: string;
	/** null when the request named no model: the profile decides which one runs. */
	model: string | null;
	/** null when the request did not say (the object then reports the default "4"). */
	seconds: string | null;
	size: string;
	reference: ReferenceImage | null;
	/** OpenRouter: the frame types of `frame_images`, in the order sent. */
	frames?: string[];
	/** OpenRouter: where to post the job's end. */
	callbackUrl?: string | null;
	/** The character ids of `characters: [{id}]` (JSON only; OpenAI's guide: at most two). */
	characters: string[];
}

/** A reference before its pixel size can be checked against `size`. */
export type RawReference = ReferenceImage & { data?: Buffer };

/**
 * How a server reads the `video` of an edit, an extension or a character (api-contract §2.7–2.9).
 * LiteLLM's proxy (litellm/proxy/video_endpoints/) reads its form with Starlette's flat
 * `request.form()`, so it differs from OpenAI in three ways.
 */
export interface SourceRules {
	/**
	 * A video named by id in a multipart body: OpenAI reads openai-node's flattened `video[id]`;
	 * LiteLLM reads a text field `video` holding the id or `{"id": …}` as JSON, and never sees
	 * bracket keys.
	 */
	multipartId: 'bracket' | 'text';
	/** LiteLLM's extension route reads only an id: an uploaded file becomes an empty id. */
	extensionUpload: boolean;
	/**
	 * LiteLLM declares the character route's `name` and `video` to FastAPI, which answers 422
	 * `{"detail": [...]}` when one is missing or of the wrong kind, before OpenAI's own checks.
	 */
	fastApiCharacterForm: boolean;
}

export const OPENAI_SOURCE_RULES: SourceRules = {
	multipartId: 'bracket',
	extensionUpload: true,
	fastApiCharacterForm: false,
};
