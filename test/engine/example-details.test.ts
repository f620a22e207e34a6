/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// What each example in examples/ does beyond the checks every example gets (examples.test.ts):
// the text-to-video progress, the image example's sample PNG, the batch's pairing and single wait loop,
// the self-hosted Wan server's multipart create, OpenRouter's own body and download, the webhook
// pipeline's answer, the story's stitched length.
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { imageInfo } from '../../simulator';
import { mp4Info } from '../../simulator/mp4';
import { samplePng } from '../../simulator/samples';
import { DEFAULT_SERVED_MODEL } from '../../simulator/options';
import { readWorkflow } from '../../support/engine/engine';
import { examplesDir, isMp4, RENDER_MS, useExampleRuns, WEBHOOK_BODY } from './example-runs';

const runs = useExampleRuns();

describe('per example', () => {
	test('text to video: one job, an MP4 in binary "data", progress shown while waiting', async () => {
		const { workflow, run } = await runs.runExample('text-to-video.json');
		const { files } = await runs.checkSoraOutputs(workflow, run);
		expect(run.executed).toEqual([
			'When clicking ‘Execute workflow’',
			'Start Render',
			'Finished MP4',
		]);
		expect(runs.createdIds()).toHaveLength(1);
		const [created] = run.items('Start Render');
		expect(created.json.status).toBe('queued');
		const [done] = run.items('Finished MP4');
		expect(done.json.id).toBe(created.json.id);
		expect(done.json.prompt).toBe(
			workflow.nodes.find((node) => node.name === 'Start Render')!.parameters.prompt,
		);
		expect((done.json.wait as IDataObject).waited_seconds).toBeGreaterThanOrEqual(RENDER_MS / 1000);
		expect(files).toHaveLength(1);
		expect(files[0].variant).toBe('video');
		expect(isMp4(files[0].bytes)).toBe(true);
		expect(done.binary!.data.mimeType).toBe('video/mp4');
		// A manual run: the node's progress lines reach the UI channel (sendMessageToUI) and the log.
		const lines = run.messages
			.filter((message) => message.source === '[Node: "Finished MP4"]')
			.flatMap((message) => message.messages.map(String));
		expect(lines.length).toBeGreaterThanOrEqual(2);
		expect(lines.at(-1)).toMatch(/1 done, 0 failed, 0 waiting/);
		expect(lines.some((line) => /downloading/.test(line))).toBe(true);
		expect(lines.some((line) => /in_progress \d+%/.test(line))).toBe(true);
		expect(
			run.logs.some((log) => log.level === 'debug' && /Sora Videos: .*waiting/.test(log.message)),
		).toBe(true);
	});

	test("image to video: the HTTP Request fetches the simulator's 720x1280 sample, sent as input_reference", async () => {
		const { workflow, run } = await runs.runExample('image-to-video.json');
		const { files } = await runs.checkSoraOutputs(workflow, run);
		const [fetched] = run.items('Sample Image (720x1280)');
		const image = fetched.binary!.data;
		expect(image).toMatchObject({ mimeType: 'image/png', fileName: 'reference-720x1280.png' });
		const png = await runs.engine.readBinary(image);
		expect(png).toEqual(samplePng('720x1280'));
		expect(imageInfo(png)).toEqual({ type: 'png', width: 720, height: 1280 });
		// The create request was multipart (the file part), and the simulator accepted the image.
		const createEntry = runs.sim.log().find((entry) => entry.route === 'POST /videos')!;
		expect(createEntry.status).toBe(200);
		expect(createEntry.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(run.items('Start Render')[0].json.size).toBe('720x1280');
		expect(files.map((file) => file.variant)).toEqual(['video']);
	});

	test('batch: three prompts, three jobs waited for together, three MP4s paired to their rows', async () => {
		const { workflow, run } = await runs.runExample('batch.json');
		const { files } = await runs.checkSoraOutputs(workflow, run);
		const rows = run.items('Prompts (Spreadsheet Stand-In)');
		expect(rows).toHaveLength(3);
		const created = run.items('Start Renders');
		expect(created.map((item) => item.json.prompt)).toEqual(rows.map((row) => row.json.prompt));
		expect(new Set(created.map((item) => item.json.id)).size).toBe(3);
		const videos = run.items('MP4 Files');
		expect(videos.map((item) => item.json.id)).toEqual(created.map((item) => item.json.id));
		expect(files.map((file) => file.variant)).toEqual(['video', 'video', 'video']);
		for (const file of files) expect(isMp4(file.bytes)).toBe(true);
		for (const item of videos) expect(Object.keys(item.binary!)).toEqual(['data']);
		// All three are waited for in one loop: each job's status is read before the first one
		// finishes (one after another, the second would not be read until the first was done), and
		// the three together cost about what one costs alone (5 status reads for a 20 s render).
		const waits = run.items('All Finished').map((item) => item.json.wait as IDataObject);
		for (const wait of waits) expect(wait.waited_seconds).toBeLessThan((RENDER_MS / 1000) * 1.5);
		const statusReads = runs.sim.log().filter((entry) => entry.route === 'GET /videos/{id}');
		const firstDone = Math.min(
			...created.map((item) => runs.sim.completedAt(String(item.json.id))!),
		);
		for (const item of created) {
			const firstRead = statusReads.find((entry) => entry.path.includes(String(item.json.id)))!;
			expect(firstRead.time).toBeLessThan(firstDone);
		}
		for (const item of created) {
			expect(
				statusReads.filter((entry) => entry.path.includes(String(item.json.id))).length,
			).toBeLessThanOrEqual(6);
		}
	});

	test('Wan on vLLM-Omni: the empty Model is left out, the create is multipart, the served model renders it', async () => {
		const { workflow, run } = await runs.runExample('self-hosted-wan.json');
		const { files } = await runs.checkSoraOutputs(workflow, run);
		const [created] = run.items('Start Render');
		expect(created.json).toMatchObject({
			model: DEFAULT_SERVED_MODEL,
			status: 'queued',
			size: '1280x720',
		});
		expect(created.json.id).toMatch(/^video_gen_/);
		expect(
			runs.sim.log().find((entry) => entry.route === 'POST /videos')!.headers['content-type'],
		).toMatch(/^multipart\/form-data/);
		expect(files.map((file) => file.variant)).toEqual(['video']);
		expect(isMp4(files[0].bytes)).toBe(true);
	});

	test('OpenRouter Veo: its own body with the last frame, its statuses, the file from /content?index=0', async () => {
		const { workflow, run } = await runs.runExample('openrouter-veo.json');
		const { files } = await runs.checkSoraOutputs(workflow, run);
		expect(run.executed).toEqual([
			'When clicking ‘Execute workflow’',
			'Last Frame (PNG)',
			'Start Render',
			'Finished MP4',
		]);
		const [created] = run.items('Start Render');
		expect(created.json).toMatchObject({ status: 'queued', server_values: { status: 'pending' } });
		const id = String(created.json.id);
		expect(runs.sim.createdWith(id)).toEqual({
			fields: [
				'model',
				'prompt',
				'duration',
				'aspect_ratio',
				'resolution',
				'frame_images',
				'generate_audio',
			],
			frames: ['last_frame'],
		});
		const paths = runs.sim.log().map((entry) => entry.path.replace(id, 'ID'));
		expect(paths[0]).toBe('/api/v1/videos/models');
		expect(paths.at(-1)).toBe('/api/v1/videos/ID/content?index=0');
		expect(runs.sim.log().filter((entry) => entry.origin === 'files')).toEqual([]);
		// OpenRouter asks for a look every 10 to 30 s; progress may bring the last ones sooner.
		expect(runs.clock.sleeps[0]).toBe(10_000);
		expect(Math.max(...runs.clock.sleeps)).toBeLessThanOrEqual(30_000);
		expect(files.map((file) => file.variant)).toEqual(['video']);
	});

	test('webhook pipeline: the webhook body’s prompt goes in; the answer is the finished video’s {id, status}', async () => {
		const { workflow, run } = await runs.runExample('webhook-pipeline.json');
		await runs.checkSoraOutputs(workflow, run);
		expect(run.executed).toEqual([
			'Webhook',
			'Has a Prompt?',
			'Start Render',
			'Render Finished',
			'Respond to Webhook',
		]);
		expect(run.run.mode).toBe('webhook');
		const [created] = run.items('Start Render');
		expect(created.json.prompt).toBe(WEBHOOK_BODY.prompt);
		expect(run.webhookResponse).toEqual({
			statusCode: 200,
			headers: {},
			body: { id: created.json.id, status: 'completed' },
			from: 'Respond to Webhook',
		});
		expect(runs.createdIds()).toEqual([created.json.id]);
	});

	test('webhook pipeline: a body without a prompt is answered 400 with the reason, and nothing is created', async () => {
		const workflow = readWorkflow(join(examplesDir, 'webhook-pipeline.json'));
		const run = await runs.engine.run(workflow, {
			credentials: runs.credentials(),
			webhook: { body: { text: 'a prompt under the wrong name' } },
		});
		expect(run.executed).toEqual(['Webhook', 'Has a Prompt?', 'Answer 400']);
		expect(run.webhookResponse).toMatchObject({
			statusCode: 400,
			body: { error: expect.stringContaining('"prompt" field') },
			from: 'Answer 400',
		});
		expect(runs.createdIds()).toEqual([]);
	});

	test('extend a story: two extensions, each sent once, and a 12-second MP4 of the whole story', async () => {
		const { workflow, run } = await runs.runExample('extend-a-story.json');
		const { files } = await runs.checkSoraOutputs(workflow, run);
		expect(runs.sim.count('POST /videos/extensions')).toBe(2);
		const [harbour] = run.items('Part 2: The Harbour');
		const [sea] = run.items('Part 3: The Open Sea');
		expect([harbour.json.seconds, sea.json.seconds]).toEqual(['8', '12']);
		expect(runs.createdIds()).toEqual([
			run.items('Part 1: The Street')[0].json.id,
			harbour.json.id,
			sea.json.id,
		]);
		expect(files.map((file) => file.id)).toEqual([sea.json.id]);
		expect(mp4Info(files[0].bytes)).toEqual({ width: 720, height: 1280, seconds: 12 });
	});
});
