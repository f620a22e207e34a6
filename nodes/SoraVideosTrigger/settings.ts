import type { IPollFunctions } from 'n8n-workflow';

import { readDownloadChoice, type DownloadChoice } from '../SoraVideos/actions/video/common';
import { inputError } from '../SoraVideos/helpers/validation';
import { TRIGGER_EVENTS, type TriggerEvent } from './events';

export interface TriggerSettings {
	event: TriggerEvent;
	/** What each completed job's download stores, or undefined for no download. */
	download?: DownloadChoice;
	includeEarlier: boolean;
}

interface Options {
	download?: boolean;
	variant?: unknown;
	binaryPropertyName?: unknown;
	fileName?: unknown;
	includeEarlier?: boolean;
}

export function readSettings(ctx: IPollFunctions): TriggerSettings {
	const event = ctx.getNodeParameter('event', 'finished') as TriggerEvent;
	if (!TRIGGER_EVENTS.includes(event))
		throw inputError(
			ctx.getNode(),
			0,
			'Event',
			`"${String(event)}" is not an event`,
			`Use one of ${TRIGGER_EVENTS.join(', ')}.`,
		);
	const options = ctx.getNodeParameter('options', {}) as Options;
	const download = options.download ? readDownloadChoice(ctx, 0, options) : undefined;
	return { event, download, includeEarlier: options.includeEarlier === true };
}
