import type { IDataObject } from 'n8n-workflow';

/**
 * A video model as a catalog lists it (OpenRouter's GET /videos/models): what Create may ask of
 * it. A list left out (null) means the catalog says nothing, so anything may be asked.
 */
export interface VideoModel {
	id: string;
	durations: number[] | null;
	resolutions: string[] | null;
	aspectRatios: string[] | null;
	/** Exact `WIDTHxHEIGHT` sizes, sent as `size` instead of an aspect ratio and resolution. */
	sizes: string[] | null;
	/** `first_frame`, `last_frame`. */
	frameTypes: string[] | null;
	/** Whether it can make a soundtrack; null when the catalog does not say. */
	audio: boolean | null;
}

function listOf<T extends string | number>(value: unknown, type: 'string' | 'number'): T[] | null {
	if (!Array.isArray(value)) return null;
	const items = value.filter((item): item is T => typeof item === type);
	return items.length > 0 ? items : null;
}

/** The models of a catalog answer (`{data: [...]}`); entries without an id are skipped. */
export function readVideoModels(body: IDataObject): VideoModel[] {
	const data = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
	return data
		.filter((entry) => typeof entry?.id === 'string' && entry.id !== '')
		.map((entry) => ({
			id: entry.id as string,
			durations: listOf<number>(entry.supported_durations, 'number'),
			resolutions: listOf<string>(entry.supported_resolutions, 'string'),
			aspectRatios: listOf<string>(entry.supported_aspect_ratios, 'string'),
			sizes: listOf<string>(entry.supported_sizes, 'string'),
			frameTypes: listOf<string>(entry.supported_frame_images, 'string'),
			audio: typeof entry.generate_audio === 'boolean' ? entry.generate_audio : null,
		}));
}
