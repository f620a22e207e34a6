import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

type Option = INodeProperties | INodePropertyOptions | INodePropertyCollection;

/**
 * What a saved workflow or a stored credential depends on: names, types, values, defaults and when
 * a field shows; not the labels a user reads, so that wording can change freely.
 */
export function saved(option: Option): unknown {
	if ('type' in option) {
		return {
			name: option.name,
			type: option.type,
			default: option.default,
			show: option.displayOptions?.show,
			options: option.options?.map(saved),
		};
	}
	if ('value' in option) return option.value;
	return { name: option.name, values: option.values.map(saved) };
}
