/**
 * Create/remix request checks, as strict as OpenAI's (its create fields, models and errors), with
 * OpenAI's status codes and messages. Profiles loosen a few rules through CreateRules; the edit,
 * extension and character routes read their video through SourceRules.
 */

export { allOpenaiSizes } from './fields';
export { parseCreateJson } from './json-body';
export { multipartFields, parseCreateMultipart } from './multipart-body';
export {
	OPENROUTER_FIELDS,
	parseOpenRouterCreate,
	sizeOf,
	type VideoModelEntry,
} from './openrouter';
export { parseRemix } from './requests';
export {
	OPENAI_RULES,
	OPENAI_SOURCE_RULES,
	type CreateRequest,
	type CreateRules,
	type ReferenceImage,
	type SourceRules,
} from './rules';
export { readVideoSource, type VideoSource } from './sources';
