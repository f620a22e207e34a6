// What every stand-in's description is made of (stand-ins.ts, flow-stand-ins.ts).
import type {
	INodeProperties,
	INodeTypeDescription,
	NodeParameterValueType,
	NodePropertyTypes,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export type Shape = Pick<INodeTypeDescription, 'group' | 'inputs' | 'outputs'>;
export const MAIN = [NodeConnectionTypes.Main];
export const TRIGGER: Shape = { group: ['trigger'], inputs: [], outputs: MAIN };
export const TRANSFORM: Shape = { group: ['transform'], inputs: MAIN, outputs: MAIN };

export function standIn(
	name: string,
	version: number,
	shape: Shape,
	properties: INodeProperties[] = [],
): INodeTypeDescription {
	return {
		displayName: name,
		name,
		version,
		description: 'Engine-harness stand-in',
		defaults: { name },
		properties,
		...shape,
	};
}

/**
 * n8n's Workflow keeps only the parameters a node type declares, and fills in their defaults: a
 * stand-in declares the ones it reads, with the real node's type and default. No editor shows
 * these nodes, so display names and option lists are left out.
 */
export function parameter(
	name: string,
	type: NodePropertyTypes,
	defaultValue: NodeParameterValueType,
): INodeProperties {
	return { displayName: name, name, type, default: defaultValue };
}
