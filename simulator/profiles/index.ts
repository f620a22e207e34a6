import type { ServerProfile } from '../types';
import { bifrost } from './bifrost';
import { litellm } from './litellm';
import { newapi } from './newapi';
import { openai } from './openai';
import { openrouter } from './openrouter';
import type { Profile } from './profile';
import { resellerJsonContent } from './reseller-json-content';
import { sglang } from './sglang';
import { trt } from './trt';
import { vllmOmni } from './vllm-omni';

export type { Profile, RouteName, VideoContext } from './profile';
export { NOT_READY_MESSAGE } from './openai';
export { OPENROUTER_MODELS } from './openrouter';
export { servedModelEntry } from './self-hosted';

export const PROFILES: Record<ServerProfile, Profile> = {
	openai,
	litellm,
	newapi,
	bifrost,
	'reseller-json-content': resellerJsonContent,
	trt,
	'vllm-omni': vllmOmni,
	sglang,
	openrouter,
};
