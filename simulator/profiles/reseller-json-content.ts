import { OPENAI_RULES } from '../validation';
import { hex, lacksNewSurface, openai } from './openai';
import type { Profile } from './profile';

/** A reseller whose /content answers JSON with a URL to the bytes (AnyFast and the like). */
export const resellerJsonContent: Profile = {
	...openai,
	name: 'reseller-json-content',
	createRules: { ...OPENAI_RULES, rejectUnknownFields: false },
	contentAsJson: true,
	// Resellers copy the five original routes; the March 2026 ones are unknown URLs.
	missingRoutes: lacksNewSurface((method, path) => openai.unknownRoute(method, path)),
	newId: (model) => `${model.replace(/[^A-Za-z0-9._-]/g, '-')}:task_${hex(16)}`,
};
