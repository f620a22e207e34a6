/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports -- Node tooling, not published (DEVELOPERS.md) */
// What the editor should show for each operation, from the built node's own description and n8n's
// display rules (NodeHelpers): the fields its panel shows and what "Add option" offers.
import { join } from 'node:path';

import {
	NodeHelpers,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

const root = join(__dirname, '..', '..');

export interface OperationPanel {
	resource: string;
	name: string;
	value: string;
	action: string;
	/** Parameters the panel shows for this operation with default values. */
	fields: INodeProperties[];
	/** What "Add option" offers, when the operation has an Options collection. */
	options?: Array<{ name: string; displayName: string }>;
}

/** The description of the node as built into dist/ (the package the editor loads). */
export function loadDescription(): INodeTypeDescription {
	const module = require(join(root, 'dist', 'nodes', 'SoraVideos', 'SoraVideos.node.js')) as {
		SoraVideos: new () => { description: INodeTypeDescription };
	};
	return new module.SoraVideos().description;
}

/** Every operation of every resource, as the node's panel shows it with default values. */
export function operationPanels(description: INodeTypeDescription): OperationPanel[] {
	const operations = description.properties.filter((property) => property.name === 'operation');
	return operations.flatMap((operation) => {
		const resource = String(operation.displayOptions?.show?.resource?.[0] ?? 'video');
		return ((operation.options ?? []) as INodePropertyOptions[]).map((option) =>
			panelOf(description, resource, option),
		);
	});
}

function panelOf(
	description: INodeTypeDescription,
	resource: string,
	option: INodePropertyOptions,
): OperationPanel {
	const node = { typeVersion: 1 };
	const values =
		NodeHelpers.getNodeParameters(
			description.properties,
			{ resource, operation: option.value },
			true,
			false,
			node,
			description,
		) ?? {};
	const fields = description.properties.filter(
		(property) =>
			!['resource', 'operation'].includes(property.name) &&
			NodeHelpers.displayParameter(values, property, node, description),
	);
	const collection = fields.find(
		(property) => property.type === 'collection' && property.name === 'options',
	);
	const options = collection
		? (collection.options as INodeProperties[])
				.filter((entry) => NodeHelpers.displayParameter(values, entry, node, description))
				.map(({ name, displayName }) => ({ name, displayName }))
		: undefined;
	return {
		resource,
		name: option.name,
		value: String(option.value),
		action: option.action ?? option.name,
		fields,
		options,
	};
}
