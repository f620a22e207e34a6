/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// The trigger as n8n loads it: listed in package.json, a polling trigger on the package's
// credential, with the public names interface.md fixes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { SoraVideosTrigger } from '../../../nodes/SoraVideosTrigger/SoraVideosTrigger.node';

const root = join(__dirname, '..', '..', '..');
const { description } = new SoraVideosTrigger();
const property = (name: string) => description.properties.find((entry) => entry.name === name);
const option = (name: string) =>
	(property('options')!.options as INodeProperties[]).find((entry) => entry.name === name);

it('is a polling trigger named soraVideosTrigger, version 1, on the soraVideosApi credential', () => {
	expect(description).toMatchObject({
		name: 'soraVideosTrigger',
		displayName: 'Sora Videos Trigger',
		version: 1,
		polling: true,
		group: ['trigger'],
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'soraVideosApi', required: true }],
	});
	// n8n's rule for triggers: never an AI tool.
	expect(description.usableAsTool).toBeUndefined();
});

it('n8n finds it: package.json lists the compiled file, and its codex sits beside it', () => {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[] };
	};
	expect(manifest.n8n.nodes).toContain('dist/nodes/SoraVideosTrigger/SoraVideosTrigger.node.js');
	const codex = JSON.parse(
		readFileSync(join(root, 'nodes/SoraVideosTrigger/SoraVideosTrigger.node.json'), 'utf8'),
	) as { node: string };
	expect(codex.node).toBe('n8n-nodes-sora-videos.soraVideosTrigger');
});

it('has the parameter names, types and defaults interface.md fixes', () => {
	expect(property('event')).toMatchObject({ type: 'options', default: 'finished' });
	expect(
		(property('event')!.options as Array<{ value: string }>).map(({ value }) => value),
	).toEqual(['finished', 'completed', 'failed']);
	expect(property('options')).toMatchObject({ type: 'collection', default: {} });
	expect(option('download')).toMatchObject({ type: 'boolean', default: false });
	expect(option('variant')).toMatchObject({ type: 'options', default: 'video' });
	expect(
		(option('variant')!.options as Array<{ value: string }>).map(({ value }) => value).sort(),
	).toEqual(['spritesheet', 'thumbnail', 'video']);
	expect(option('binaryPropertyName')).toMatchObject({ type: 'string', default: 'data' });
	expect(option('includeEarlier')).toMatchObject({ type: 'boolean', default: false });
});
