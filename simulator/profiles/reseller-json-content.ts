import { OPENAI_RULES } from '../validation';
import { hex, openai } from './openai';
import type { Profile } from './profile';

/** A reseller whose /content answers JSON with a URL to the bytes (AnyFast and the like). */
export const resellerJsonContent: Profile = {
	...openai,
	name: 'reseller-json-content',
	createRules: { ...OPENAI_RULES, rejectUnknownFields: false },
	contentAsJson: true,
	newId: (model) => `${model.replace(/[^A-Za-z0-9._-]/g, '-')}:task_${hex(16)}`,
};
