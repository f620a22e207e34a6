/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/node-usable-as-tool -- Node tooling, not published (DEVELOPERS.md) */
// n8n's binary helpers on data in the engine's filesystem store, used the way nodes use them: a
// test-only node stores a reference image from a stream in place of the example's HTTP Request
// (same field and file name), our node sends it and downloads the video, and the test-only node
// reads every file back (metadata, stream, buffer).
import { join } from 'node:path';
import { Readable } from 'node:stream';

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { makePng } from '../../simulator';
import { readWorkflow, type WorkflowJson } from '../../support/engine/engine';
import { examplesDir, sha256, useExampleRuns } from './example-runs';
import { defaultFileName } from '../support/file-names';

/**
 * A test-only node that uses n8n's binary helpers the way nodes do: `store` writes a PNG through
 * prepareBinaryData from a stream; `inspect` reads every binary back with assertBinaryData,
 * getBinaryMetadata, getBinaryStream and getBinaryDataBuffer.
 */
class BinaryProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Binary Probe',
		name: 'binaryProbe',
		group: ['transform'],
		version: 1,
		description: 'test only',
		defaults: { name: 'Binary Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Action', name: 'action', type: 'string', default: 'store' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let index = 0; index < items.length; index++) {
			if (this.getNodeParameter('action', index) === 'store') {
				const data = await this.helpers.prepareBinaryData(
					Readable.from([makePng(720, 1280)]),
					'reference-720x1280.png',
					'image/png',
				);
				output.push({ json: {}, binary: { data }, pairedItem: { item: index } });
				continue;
			}
			const report: IDataObject = {};
			for (const property of Object.keys(items[index].binary ?? {})) {
				const binary = this.helpers.assertBinaryData(index, property);
				const metadata = await this.helpers.getBinaryMetadata(binary.id!);
				const streamed = await this.helpers.binaryToBuffer(
					await this.helpers.getBinaryStream(binary.id!, 1024),
				);
				const buffered = await this.helpers.getBinaryDataBuffer(index, property);
				report[property] = {
					metadata,
					streamed: sha256(streamed),
					buffered: sha256(buffered),
					id: binary.id,
				};
			}
			output.push({ json: { ...items[index].json, report }, pairedItem: { item: index } });
		}
		return [output];
	}
}

const runs = useExampleRuns({ testNodes: { 'test.binaryProbe': new BinaryProbe() } });

test('binary helpers on stored data: a streamed reference image from the store, metadata and streams of the download', async () => {
	const example = readWorkflow(join(examplesDir, 'image-to-video.json'));
	const probe = (name: string, action: string, x: number) => ({
		name,
		type: 'test.binaryProbe',
		typeVersion: 1,
		position: [x, 0] as [number, number],
		parameters: { action },
	});
	const workflow: WorkflowJson = {
		...example,
		nodes: [
			...example.nodes.filter((node) => node.type !== 'n8n-nodes-base.httpRequest'),
			probe('Store Image', 'store', 240),
			probe('Inspect Download', 'inspect', 960),
		],
		connections: {
			'When clicking ‘Execute workflow’': {
				main: [[{ node: 'Store Image', type: 'main', index: 0 }]],
			},
			'Store Image': { main: [[{ node: 'Start Render', type: 'main', index: 0 }]] },
			'Start Render': { main: [[{ node: 'Finished MP4', type: 'main', index: 0 }]] },
			'Finished MP4': { main: [[{ node: 'Inspect Download', type: 'main', index: 0 }]] },
		},
	};
	const run = await runs.engine.run(workflow, { credentials: runs.credentials() });
	expect(run.nodeErrors()).toEqual({});
	expect(run.status).toBe('success');
	const stored = run.items('Store Image')[0].binary!.data;
	expect(stored.id).toMatch(/^filesystem-v2:/);
	expect(stored).toMatchObject({
		fileName: 'reference-720x1280.png',
		mimeType: 'image/png',
		fileExtension: 'png',
	});
	expect(await runs.engine.readBinary(stored)).toEqual(makePng(720, 1280));
	const [inspected] = run.items('Inspect Download');
	const id = String(inspected.json.id);
	const expected = await runs.sim.expectedSha256(id);
	const report = (inspected.json.report as IDataObject).data as IDataObject;
	expect(report.streamed).toBe(expected);
	expect(report.buffered).toBe(expected);
	expect(report.metadata).toMatchObject({
		fileName: expect.stringMatching(defaultFileName(id, 'mp4')),
		mimeType: 'video/mp4',
		fileSize: (
			await runs.engine.readBinary(
				inspected.binary?.data ?? run.items('Finished MP4')[0].binary!.data,
			)
		).length,
	});
});
