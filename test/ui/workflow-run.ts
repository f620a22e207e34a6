/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// An imported example runs from "Execute workflow": every node ends successful, the simulator got
// exactly one create, and in the last node's output Binary tab (Wait for Completion's, or Create's
// when it waits) the <video> plays the job's width, height and length.
import { join } from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { NODE_TYPE } from '../e2e/checks';
import type { WorkflowJson } from '../../support/n8n/run-data';
import type { EditorContext } from './editor-checks';
import { closeNdv, openWorkflow, shoot } from './editor-page';

interface Requested {
	size: string;
	seconds: number;
}

const canvasNode = (page: Page, name: string) =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

/** The Sora Videos node that ends the workflow: the one whose output holds the video. */
function lastSoraNode(workflow: WorkflowJson): string {
	const last = workflow.nodes.find(
		(node) => node.type === NODE_TYPE && !(node.name in (workflow.connections ?? {})),
	);
	if (!last) throw new Error(`${workflow.name} does not end with a Sora Videos node`);
	return last.name;
}

export async function checkRun(
	ctx: EditorContext,
	workflowId: string,
	workflow: WorkflowJson,
	{ screenshots = false } = {},
): Promise<void> {
	const { page, checks, firstVideoServer } = ctx;
	const lastNode = lastSoraNode(workflow);
	const create = workflow.nodes.find(
		(node) => node.type === NODE_TYPE && node.parameters?.operation === 'create',
	);
	const requested: Requested = {
		size: String(create?.parameters?.size ?? ''),
		seconds: Number(create?.parameters?.seconds),
	};
	await checks.run(
		`${workflow.name}: runs from the editor and its MP4 plays in the Binary tab`,
		async (notes, problems) => {
			await openWorkflow(page, `${ctx.baseUrl}/workflow/${workflowId}`);
			const jobsBefore = firstVideoServer.jobsCreated();
			await page.getByTestId('execute-workflow-button').click();
			await canvasNode(page, lastNode)
				.getByTestId('canvas-node-status-success')
				.waitFor({ timeout: 180_000 });
			for (const node of workflow.nodes.filter(
				(candidate) => candidate.type !== 'n8n-nodes-base.stickyNote',
			)) {
				if (
					!(await canvasNode(page, node.name).getByTestId('canvas-node-status-success').isVisible())
				)
					problems.push(`${node.name} did not finish successfully`);
			}
			const jobs = firstVideoServer.jobsCreated() - jobsBefore;
			if (jobs !== 1) problems.push(`${jobs} POST /v1/videos, expected 1`);
			if (screenshots) await shootCanvas(ctx, lastNode);
			await canvasNode(page, lastNode).dblclick();
			await checkVideo(page, requested, notes, problems);
			if (screenshots)
				await shoot(page, join(ctx.shots, 'editor-run-video.png'), [page.getByTestId('ndv')]);
			await closeNdv(page);
		},
	);
}

async function shootCanvas({ page, shots }: EditorContext, lastNode: string): Promise<void> {
	await page.getByTestId('zoom-to-fit').click();
	const canvasNodes = page.getByTestId('canvas-node');
	// The last node's name (a div, unlike the sticky's <strong>) and subtitle sit below its box.
	await shoot(
		page,
		join(shots, 'editor-run-canvas.png'),
		[
			page.getByTestId('sticky'),
			canvasNodes.first(),
			page.locator('div').filter({ hasText: new RegExp(`^${lastNode}$`) }),
		],
		{ margin: 24 },
	);
}

/** The open output panel's Binary tab: an MP4 whose <video> plays the requested size and length. */
async function checkVideo(
	page: Page,
	requested: Requested,
	notes: string[],
	problems: string[],
): Promise<void> {
	const output = page.getByTestId('output-panel');
	await output.getByTestId('radio-button-binary').click();
	const binary = output.getByTestId('ndv-binary-data_0');
	await binary.waitFor();
	const details = await binary.innerText();
	if (!/video\/mp4/.test(details) || !/\.mp4/.test(details))
		problems.push(`the binary is not an MP4: ${details.replace(/\s+/g, ' ')}`);
	await output.getByTestId('ndv-view-binary-data').click();
	const video = output.locator('video');
	await video.waitFor();
	// readyState 4 (HAVE_ENOUGH_DATA): Chromium decoded the file and can play it through.
	await page.waitForFunction(
		(element) => (element as unknown as { readyState: number }).readyState === 4,
		await video.elementHandle(),
		{ timeout: 60_000 },
	);
	const played = await stopAtStart(video);
	const [width, height] = requested.size.split('x').map(Number);
	notes.push(
		`the job asked for ${requested.size}, ${requested.seconds} s; the <video> plays ${played.width}x${played.height}, ${played.duration} s`,
	);
	if (played.width !== width || played.height !== height)
		problems.push(`the video is ${played.width}x${played.height}, expected ${requested.size}`);
	// A decoded duration ends on a frame boundary: allow a frame or two.
	if (Math.abs(played.duration - requested.seconds) > 0.1)
		problems.push(`the video lasts ${played.duration} s, expected ${requested.seconds} s`);
	await page.waitForFunction(
		(element) => (element as unknown as { seeking: boolean }).seeking === false,
		await video.elementHandle(),
	);
}

/** Pauses the video on its first frame (for the screenshot); returns its size and length. */
function stopAtStart(video: Locator): Promise<{ width: number; height: number; duration: number }> {
	return video.evaluate((element) => {
		const media = element as unknown as {
			videoWidth: number;
			videoHeight: number;
			duration: number;
			pause(): void;
			currentTime: number;
		};
		media.pause();
		media.currentTime = 0;
		return { width: media.videoWidth, height: media.videoHeight, duration: media.duration };
	});
}
