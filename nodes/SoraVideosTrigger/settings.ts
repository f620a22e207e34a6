import type { IPollFunctions } from 'n8n-workflow';

import {
	readBinaryPropertyName,
	readFileName,
	readVariant,
} from '../SoraVideos/actions/video/common';
import type { Variant } from '../SoraVideos/client/videos';
import { inputError } from '../SoraVideos/helpers/validation';
import { TRIGGER_EVENTS, type TriggerEvent } from './events';

export interface TriggerSettings {
	event: TriggerEvent;
	/** The variant to download into `binaryPropertyName`, or undefined for no download. */
	download?: { variant: Variant; binaryPropertyName: string; fileName?: string };
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
	const download = options.download
		? {
				variant: readVariant(ctx, 0, options.variant ?? 'video'),
				binaryPropertyName: readBinaryPropertyName(ctx, 0, options.binaryPropertyName ?? 'data'),
				fileName: readFileName(options.fileName),
			}
		: undefined;
	return { event, download, includeEarlier: options.includeEarlier === true };
}
