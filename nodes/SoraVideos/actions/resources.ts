import type { INodeProperties } from 'n8n-workflow';

import type { Operation, Resource } from './operation';
import { character } from './character';
import { video } from './video';

/** Every resource of the node; each lists its operations in its own `index.ts`. */
export const resources: Resource[] = [video, character];

/** The operation a saved workflow names, if this version of the package has it. */
export function findOperation(resource: string, operation: string): Operation | undefined {
	return resources
		.find((entry) => entry.value === resource)
		?.operations.find((entry) => entry.value === operation);
}

/** The Operation dropdown's shape; each resource's copy shows its own operations. */
const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: '',
};

/**
 * A resource's Operation dropdown: its operations in the order its index lists them, its first one
 * preselected.
 */
const operationDropdown = (resource: Resource): INodeProperties => ({
	...operationField,
	displayOptions: { show: { resource: [resource.value] } },
	default: resource.operations[0]!.value,
	options: resource.operations.map(({ name, value, action, summary }) => ({
		name,
		value,
		action,
		description: summary,
	})),
});

/** The node's fields: Resource, each resource's Operation dropdown, then every operation's fields. */
export function resourceProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map(({ name, value }) => ({ name, value })),
			default: 'video',
		},
		...resources.map(operationDropdown),
		...resources.flatMap((resource) =>
			resource.operations.flatMap((operation) => operation.description),
		),
	];
}

/** The canvas subtitle: an expression that looks the resource's operation up in the operations' own words. */
export function subtitleExpression(): string {
	const subtitles = Object.fromEntries(
		resources.flatMap((resource) =>
			resource.operations.map((operation) => [
				`${resource.value}:${operation.value}`,
				operation.subtitle,
			]),
		),
	);
	return `={{ ${JSON.stringify(subtitles)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}
