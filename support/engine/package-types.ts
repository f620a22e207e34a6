/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports -- Node tooling, not published (DEVELOPERS.md) */
// This package's node and credential types, loaded the way n8n finds them (package.json's "n8n"
// block), and the INodeTypes registry the engine looks node types up in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type {
	ICredentialType,
	IDataObject,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers, UserError } from 'n8n-workflow';

import { ROOT } from './workflow-files';

export interface PackageTypes {
	packageName: string;
	/** By full type name, e.g. n8n-nodes-sora-videos.soraVideos. */
	nodes: Record<string, INodeType | IVersionedNodeType>;
	/** By credential type name, e.g. soraVideosApi. */
	credentials: Record<string, ICredentialType>;
}

function instancesOf<T>(exports: Record<string, unknown>, file: string): T[] {
	const found = Object.values(exports)
		.filter(
			(value): value is new () => T =>
				typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value)),
		)
		.map((Class) => new Class());
	if (found.length === 0) throw new Error(`${file} exports no class`);
	return found;
}

/**
 * Loads the node and credential classes listed in package.json → n8n. `dist` loads the compiled
 * files (run `npm run build` first); `source` loads the TypeScript next to them (for jest and tsx,
 * which compile .ts on require).
 */
export function loadPackage(from: 'source' | 'dist' = 'source', root = ROOT): PackageTypes {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		name: string;
		n8n: { nodes: string[]; credentials: string[] };
	};
	const resolve = (file: string) =>
		join(root, from === 'dist' ? file : file.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const types: PackageTypes = { packageName: manifest.name, nodes: {}, credentials: {} };
	for (const file of manifest.n8n.nodes) {
		for (const node of instancesOf<INodeType | IVersionedNodeType>(
			require(resolve(file)) as Record<string, unknown>,
			file,
		)) {
			types.nodes[`${manifest.name}.${node.description.name}`] = node;
		}
	}
	for (const file of manifest.n8n.credentials) {
		for (const credential of instancesOf<ICredentialType>(
			require(resolve(file)) as Record<string, unknown>,
			file,
		)) {
			types.credentials[credential.name] = credential;
		}
	}
	return types;
}

/** n8n's node type registry over the given types, with its errors for unknown types and versions. */
export class NodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type)
			throw new UserError(`Unrecognized node type: ${nodeType}`, {
				extra: { known: Object.keys(this.types) },
			});
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const type = NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
		const supported = ([] as number[]).concat(type.description.version);
		if (version !== undefined && !supported.includes(version)) {
			throw new UserError(
				`Node type ${nodeType} has no version ${version} (known: ${supported.join(', ')})`,
			);
		}
		return type;
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, {}]));
	}
}
