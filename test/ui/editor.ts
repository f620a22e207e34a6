// `npm run test:ui`: the packed package in the real n8n editor (the e2e suite's n8n, test/e2e/),
// in Debian's Chromium, as a no-code user meets it: found by search and as an AI Agent tool, every
// operation's panel, the credential dialog's messages, and an example run whose MP4 plays in the
// output's Binary tab. Screenshots of what it checks go to docs/images/ (docs/e2e.md, "Editor test").
//
// Every wait is on a selector or a response, never a fixed time. n8n, the simulator and the
// browser stay on 127.0.0.1: the outbound guard watches n8n, the browser aborts other hosts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	NodeHelpers,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';
import type { Locator, Page } from 'playwright-core';

import { startSimulator, type Simulator } from '../../simulator';
import { CREDENTIAL_NAME, CREDENTIAL_TYPE, NODE_TYPE } from '../e2e/checks';
import { N8nInstance, type WorkflowJson } from '../e2e/n8n-instance';
import { ensureN8n } from '../../support/n8n-runtime';
import { ownerSession } from '../e2e/matrix';
import { buildAndPack } from '../../support/pack';
import { openEditorBrowser, type ConsoleError, type EditorBrowser } from './browser';

const root = join(__dirname, '..', '..');
const EXAMPLE = join(root, 'examples', 'text-to-video.json');

/**
 * Console errors that are n8n's own, not the package's, with the reason each is harmless here:
 * - The node creator's "Node details" panel of a community node asks registry.npmjs.org for the
 *   package's metadata (download count); the browser aborts that request (no host but loopback),
 *   and Chromium logs the aborted load as an error.
 */
const N8N_NOISE: Array<{ why: string; matches(error: ConsoleError): boolean }> = [
	{
		why: "the node creator's npm metadata lookup for a community package (aborted: off loopback)",
		matches: (error) => error.url.startsWith('https://registry.npmjs.org/'),
	},
	// - A node's panel asks n8n for an optional output-schema preview
	//   (/schemas/<node type>/<version>[/<resource>/<operation>].json, files a package may ship in
	//   __schema__); without one n8n answers 404 and shows no preview. n8n's own AI Agent gets the
	//   same 404 here.
	{
		why: "n8n's optional output-schema previews, which neither the package nor the AI Agent ship (404)",
		matches: (error) =>
			/^http:\/\/127\.0\.0\.1:\d+\/schemas\/[\w.-]+\/[\d.]+(\/\w+\/\w+)?\.json$/.test(error.url) &&
			/404/.test(error.text),
	},
];

/** Requests the browser may try (and has aborted) that are n8n's and no sign of the package going online. */
const ALLOWED_OFF_HOST = [/^https:\/\/registry\.npmjs\.org\/n8n-nodes-sora-videos$/];

// ---------------------------------------------------------------------------------------------
// Expectations from the node's own description, with n8n's display rules (NodeHelpers).

interface OperationPanel {
	name: string;
	value: string;
	action: string;
	/** Parameters the panel shows for this operation with default values. */
	fields: INodeProperties[];
	/** What "Add option" offers, when the operation has an Options collection. */
	options?: Array<{ name: string; displayName: string }>;
}

function loadDescription(): INodeTypeDescription {
	const module = require(join(root, 'dist', 'nodes', 'SoraVideos', 'SoraVideos.node.js')) as {
		SoraVideos: new () => { description: INodeTypeDescription };
	};
	return new module.SoraVideos().description;
}

function operationPanels(description: INodeTypeDescription): OperationPanel[] {
	const operation = description.properties.find((property) => property.name === 'operation');
	const node = { typeVersion: 1 };
	return ((operation?.options ?? []) as INodePropertyOptions[]).map((option) => {
		const values =
			NodeHelpers.getNodeParameters(
				description.properties,
				{ resource: 'video', operation: option.value },
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
			name: option.name,
			value: String(option.value),
			action: option.action ?? option.name,
			fields,
			options,
		};
	});
}

// ---------------------------------------------------------------------------------------------
// Reporting

interface Outcome {
	label: string;
	ok: boolean;
	ms: number;
	notes: string[];
	problems: string[];
}

class Checks {
	readonly outcomes: Outcome[] = [];
	constructor(
		private readonly page: () => Page | undefined,
		private readonly failureDir: string,
	) {}

	/** Runs one check; a thrown error (a selector that never appeared) fails it with a screenshot. */
	async run(
		label: string,
		body: (notes: string[], problems: string[]) => Promise<void>,
	): Promise<boolean> {
		const started = Date.now();
		const notes: string[] = [];
		const problems: string[] = [];
		try {
			await body(notes, problems);
		} catch (error) {
			problems.push((error as Error).message.split('\n').slice(0, 6).join('\n          '));
			const page = this.page();
			if (page) {
				mkdirSync(this.failureDir, { recursive: true });
				const file = join(this.failureDir, `${this.outcomes.length + 1}-failure.png`);
				await page.screenshot({ path: file }).then(
					() => notes.push(`screenshot of the failure: ${file}`),
					() => undefined,
				);
				await closeEverything(page);
			}
		}
		const outcome = { label, ok: problems.length === 0, ms: Date.now() - started, notes, problems };
		this.outcomes.push(outcome);
		console.log(`${outcome.ok ? 'PASS' : 'FAIL'}  ${label}  (${(outcome.ms / 1000).toFixed(1)} s)`);
		for (const note of notes) console.log(`        · ${note}`);
		for (const problem of problems) console.log(`        ✗ ${problem}`);
		return outcome.ok;
	}
}

// ---------------------------------------------------------------------------------------------
// Editor helpers

async function openWorkflow(page: Page, url: string): Promise<void> {
	// The editor's first load parses n8n's whole front end; on two busy cores that takes 30-60 s.
	await page.goto(url, { timeout: 180_000 });
	await page.getByTestId('node-creator-plus-button').waitFor({ timeout: 180_000 });
}

async function searchNodes(page: Page, text: string): Promise<Locator> {
	await page.getByTestId('node-creator-plus-button').click();
	const creator = page.getByTestId('node-creator');
	await page.getByTestId('node-creator-search-bar').fill(text);
	return creator;
}

/** A node creator entry whose name is exactly `name`. */
function creatorItem(creator: Locator, name: string): Locator {
	return creator.getByTestId('item-iterator-item').filter({
		has: creator.page().getByTestId('node-creator-item-name').getByText(name, { exact: true }),
	});
}

/** After a failed check: closes whatever dialog, panel or menu it left open, so the next check starts on the canvas. */
async function closeEverything(page: Page): Promise<void> {
	try {
		await page.keyboard.press('Escape');
		const dialogClose = page.getByTestId('editCredential-modal').locator('.el-dialog__close');
		if (await dialogClose.isVisible()) await dialogClose.click();
		const ndvClose = page.getByTestId('ndv-close-button');
		if (await ndvClose.isVisible()) await ndvClose.click();
		if (await page.getByTestId('node-creator').isVisible()) await page.keyboard.press('Escape');
	} catch {
		// the next check reports what is still wrong
	}
}

async function closeNdv(page: Page): Promise<void> {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

/** The labels of the visible entries of an open Element Plus dropdown, in order, and those cut off. */
async function dropdownEntries(entries: Locator): Promise<{ labels: string[]; cutOff: string[] }> {
	await entries.first().waitFor();
	const measured = await entries.evaluateAll((elements) =>
		elements.map((element) => {
			const item = element as unknown as {
				innerText: string;
				scrollWidth: number;
				clientWidth: number;
				firstElementChild: { scrollWidth: number; clientWidth: number } | null;
			};
			const label = item.firstElementChild ?? item;
			return {
				text: item.innerText.trim(),
				cut: label.scrollWidth > label.clientWidth || item.scrollWidth > item.clientWidth,
			};
		}),
	);
	return {
		labels: measured.map((entry) => entry.text),
		cutOff: measured.filter((entry) => entry.cut).map((entry) => entry.text),
	};
}

/**
 * Screenshot of the smallest rectangle holding all `parts` (a panel and a dropdown beside it), cut
 * off below `until` when given (a long list). n8n's toasts are hidden.
 */
async function shoot(
	page: Page,
	file: string,
	parts: Locator[],
	options: { until?: Locator; margin?: number } = {},
): Promise<void> {
	const margin = options.margin ?? 8;
	const boxes = (await Promise.all(parts.map((part) => part.boundingBox()))).filter(
		(box) => box !== null,
	);
	if (boxes.length === 0) throw new Error(`nothing to photograph for ${file}`);
	const end = options.until ? await options.until.boundingBox() : null;
	const left = Math.max(0, Math.min(...boxes.map((box) => box.x)) - margin);
	const top = Math.max(0, Math.min(...boxes.map((box) => box.y)) - margin);
	const right = Math.max(...boxes.map((box) => box.x + box.width)) + margin;
	const bottom = end
		? end.y + end.height + margin
		: Math.max(...boxes.map((box) => box.y + box.height)) + margin;
	await page.screenshot({
		path: file,
		clip: { x: left, y: top, width: right - left, height: bottom - top },
		style: '.el-notification { display: none !important; }',
	});
}

// ---------------------------------------------------------------------------------------------
// The checks

interface Context {
	page: Page;
	baseUrl: string;
	sim: Simulator;
	apiKey: string;
	shots: string;
	checks: Checks;
}

async function checkSearch(ctx: Context, panels: OperationPanel[]): Promise<void> {
	const { page, checks } = ctx;
	await checks.run(
		'the node is found by searching "Sora" in the nodes panel, with its seven actions',
		async (notes, problems) => {
			await openWorkflow(page, `${ctx.baseUrl}/workflow/new`);
			const creator = await searchNodes(page, 'Sora');
			const item = creatorItem(creator, 'Sora Videos');
			await item.waitFor();
			const found = await creator.getByTestId('node-creator-item-name').allInnerTexts();
			notes.push(`search "Sora" lists ${found.slice(0, 4).join(', ')}, …`);
			await shoot(page, join(ctx.shots, 'editor-search.png'), [creator], {
				until: creator.getByTestId('item-iterator-item').nth(3),
			});
			await item.click();
			const actions = panels.map((panel) => panel.action);
			await creatorItem(creator, actions[0]!).waitFor();
			const listed = (await creator.getByTestId('node-creator-item-name').allInnerTexts()).map(
				(text) => text.trim(),
			);
			const missing = actions.filter((action) => !listed.includes(action));
			if (missing.length > 0)
				problems.push(
					`actions missing from the node's panel: ${missing.join(', ')} (it lists ${listed.join(', ')})`,
				);
			notes.push(`actions: ${actions.filter((action) => listed.includes(action)).join(', ')}`);
			await page.keyboard.press('Escape');
			await creator.waitFor({ state: 'hidden' });
		},
	);
}

async function checkOperation(ctx: Context, panel: OperationPanel): Promise<void> {
	const { page, checks } = ctx;
	await checks.run(
		`"${panel.action}" opens the ${panel.name} panel with ${panel.fields.map((field) => field.displayName).join(', ')}`,
		async (notes, problems) => {
			const creator = await searchNodes(page, 'Sora');
			await creatorItem(creator, 'Sora Videos').click();
			await creatorItem(creator, panel.action).click();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			const parameters = ndv.getByTestId('node-parameters');
			const shown = await parameters
				.getByTestId('parameter-input-operation')
				.locator('input')
				.inputValue();
			if (shown !== panel.name)
				problems.push(`Operation shows "${shown}", expected "${panel.name}"`);
			const credential = await ndv
				.getByTestId('node-credentials-select')
				.locator('input')
				.inputValue();
			if (credential !== CREDENTIAL_NAME)
				problems.push(
					`the credential slot shows "${credential}", expected the existing "${CREDENTIAL_NAME}"`,
				);
			const text = await parameters.innerText();
			for (const field of panel.fields) {
				if (!text.includes(field.displayName)) problems.push(`no "${field.displayName}" label`);
				if (
					field.type !== 'collection' &&
					field.type !== 'fixedCollection' &&
					field.type !== 'notice' &&
					!(await parameters.getByTestId(`parameter-input-${field.name}`).isVisible())
				)
					problems.push(`no input for ${field.name}`);
			}
			for (const field of panel.fields.filter(
				(candidate) => candidate.typeOptions?.loadOptionsMethod,
			)) {
				// A list the node loads from the server: wait until it has loaded, as a user would.
				const input = parameters.getByTestId(`parameter-input-${field.name}`).locator('input');
				await page.waitForFunction(
					(element) => {
						const box = element as unknown as { value: string; placeholder: string };
						return !`${box.value} ${box.placeholder}`.includes('Loading options');
					},
					await input.elementHandle(),
				);
				notes.push(
					`${field.displayName} loaded from the server, shows "${await input.inputValue()}"`,
				);
			}
			if (panel.value === 'create') {
				for (const name of ['seconds', 'size']) {
					await parameters.getByTestId(`parameter-input-${name}`).click();
					const { labels } = await dropdownEntries(
						page.locator('.el-popper[aria-hidden="false"] .el-select-dropdown__item'),
					);
					notes.push(`${name} lists ${labels.join(' | ')}`);
					await page.keyboard.press('Escape');
					await page
						.locator('.el-popper[aria-hidden="false"] .el-select-dropdown__item')
						.first()
						.waitFor({ state: 'hidden' });
				}
			}
			if (panel.options?.length === 1) {
				// n8n shows a one-option collection as a button that adds that option at once.
				const [only] = panel.options;
				await parameters.getByTestId('collection-parameter-add').click();
				await parameters.getByTestId(`parameter-input-${only!.name}`).waitFor();
				if (!(await parameters.innerText()).includes(only!.displayName))
					problems.push(`the Options button added no "${only!.displayName}"`);
				notes.push(`Options: ${only!.displayName}`);
			} else if (panel.options) {
				await parameters.getByTestId('collection-parameter-add').click();
				const list = page.getByTestId('collection-parameter-option');
				const { labels, cutOff } = await dropdownEntries(list);
				const expected = panel.options.map((option) => option.displayName).sort();
				if (JSON.stringify([...labels].sort()) !== JSON.stringify(expected))
					problems.push(`"Add option" lists ${labels.join(', ')}; expected ${expected.join(', ')}`);
				notes.push(`Options: ${labels.join(', ')}`);
				if (cutOff.length > 0) notes.push(`cut off in the "Add option" list: ${cutOff.join(', ')}`);
				if (panel.value === 'create')
					await shoot(page, join(ctx.shots, 'editor-create-panel.png'), [
						parameters,
						page.locator('.el-popper[aria-hidden="false"]').filter({ has: list }),
					]);
			} else if (await parameters.getByTestId('collection-parameter-add').isVisible()) {
				problems.push('an "Add option" button the node does not declare');
			}
			await closeNdv(page);
		},
	);
}

async function checkAgentTool(ctx: Context): Promise<void> {
	const { page, checks } = ctx;
	await checks.run(
		'an AI Agent offers "Sora Videos Tool" among its tools',
		async (notes, problems) => {
			const creator = await searchNodes(page, 'AI Agent');
			await creatorItem(creator, 'AI Agent').click();
			await page.getByTestId('ndv').waitFor();
			await closeNdv(page);
			await page
				.locator(
					'[data-test-id="canvas-node-input-handle"][data-handleid="inputs/ai_tool/0"] [data-test-id="canvas-handle-plus"]',
				)
				.first()
				.click();
			await page.getByTestId('node-creator-search-bar').fill('Sora');
			const tool = creatorItem(page.getByTestId('node-creator'), 'Sora Videos Tool');
			await tool.waitFor();
			await shoot(
				page,
				join(ctx.shots, 'editor-agent-tool.png'),
				[page.getByTestId('node-creator')],
				{ until: page.getByTestId('node-creator').getByTestId('item-iterator-item').nth(2) },
			);
			await tool.click();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			const title = await ndv.getByTestId('node-title-container').innerText();
			notes.push(`the tool's panel: "${title.split('\n')[0]}"`);
			if (!(await ndv.getByTestId('parameter-input-operation').isVisible()))
				problems.push("the tool's panel has no Operation");
			await closeNdv(page);
			if (
				(await page
					.locator(`[data-test-id="canvas-node"][data-node-type="${NODE_TYPE}Tool"]`)
					.count()) !== 1
			)
				problems.push(`no ${NODE_TYPE}Tool node on the canvas`);
		},
	);
}

/** Saves the open credential dialog and returns the credential test's answer the editor got. */
async function saveCredential(
	page: Page,
	modal: Locator,
): Promise<{ status?: string; message?: string }> {
	const tested = page.waitForResponse((response) =>
		response.url().includes('/rest/credentials/test'),
	);
	await modal.getByTestId('credential-save-button').click();
	return ((await (await tested).json()) as { data: { status?: string; message?: string } }).data;
}

/** The failure banner's message as shown (after "More details", which the banner keeps open once clicked). */
async function failureShown(modal: Locator, message: string): Promise<void> {
	await modal.getByText('Couldn’t connect with these settings').waitFor();
	const more = modal.getByText('More details', { exact: true });
	if (await more.isVisible()) await more.click();
	await modal.getByText(message, { exact: true }).waitFor();
}

async function checkCredential(ctx: Context): Promise<void> {
	const { page, checks, sim, apiKey } = ctx;
	await checks.run(
		'the credential dialog: the node\'s messages for a wrong key and a Base URL without /v1, then "Connection tested successfully"',
		async (notes, problems) => {
			const probesBefore = sim.count('GET /models');
			const creator = await searchNodes(page, 'Sora');
			await creatorItem(creator, 'Sora Videos').click();
			await creatorItem(creator, 'Get a video').click();
			await page.getByTestId('ndv').waitFor();
			await page.getByTestId('node-credentials-select').click();
			await page.getByTestId('node-credentials-select-item-new').click();
			const modal = page.getByTestId('editCredential-modal');
			await modal.waitFor();
			const apiKeyInput = modal.getByTestId('parameter-input-apiKey').locator('input');
			const baseUrlInput = modal.getByTestId('parameter-input-baseUrl').locator('input');

			await apiKeyInput.fill(`sk-ui-wrong-${Date.now()}`);
			await baseUrlInput.fill(sim.baseUrl);
			const wrong = await saveCredential(page, modal);
			if (wrong.status !== 'Error' || !/refused the API key \(HTTP 401\)/.test(wrong.message ?? ''))
				problems.push(`a wrong key: the test answered ${JSON.stringify(wrong)}`);
			else await failureShown(modal, wrong.message!);
			notes.push(`wrong key → "${wrong.message}"`);
			await shoot(page, join(ctx.shots, 'editor-credential-wrong-key.png'), [modal]);

			await apiKeyInput.fill(apiKey);
			await baseUrlInput.fill(sim.baseUrl.replace(/\/v1$/, ''));
			const noV1 = await saveCredential(page, modal);
			if (noV1.status !== 'Error' || !/should end with the API root/.test(noV1.message ?? ''))
				problems.push(`a Base URL without /v1: the test answered ${JSON.stringify(noV1)}`);
			else await failureShown(modal, noV1.message!);
			notes.push(`Base URL without /v1 → "${noV1.message}"`);
			await shoot(page, join(ctx.shots, 'editor-credential-no-v1.png'), [modal]);

			await baseUrlInput.fill(sim.baseUrl);
			const right = await saveCredential(page, modal);
			if (right.status !== 'OK')
				problems.push(`the right key: the test answered ${JSON.stringify(right)}`);
			// A credential created from a node's panel closes on a passing test; reopen it to see the result.
			await modal.waitFor({ state: 'hidden' });
			const reopened = page.waitForResponse((response) =>
				response.url().includes('/rest/credentials/test'),
			);
			await page.getByTestId('credential-edit-button').click();
			await reopened;
			const success = modal.getByTestId('credentials-config-container-test-success');
			await success.waitFor();
			notes.push(`right key → "${(await success.innerText()).split('\n')[0]!.trim()}"`);
			await shoot(page, join(ctx.shots, 'editor-credential-success.png'), [modal]);
			const values = await modal
				.locator('input')
				.evaluateAll((inputs) =>
					inputs.map((input) => (input as unknown as { value: string }).value),
				);
			if (values.some((value) => value.includes(apiKey)) || (await page.content()).includes(apiKey))
				problems.push('the dialog shows the API key');
			const probes = sim.count('GET /models') - probesBefore;
			notes.push(`the simulator answered ${probes} GET /v1/models`);
			if (probes < 3) problems.push('the credential tests did not all reach the simulator');
			await modal.locator('.el-dialog__close').click();
			await modal.waitFor({ state: 'hidden' });
			await closeNdv(page);
		},
	);
}

async function checkRun(ctx: Context, workflowId: string, workflow: WorkflowJson): Promise<void> {
	const { page, checks, sim } = ctx;
	const create = workflow.nodes.find(
		(node) => node.type === NODE_TYPE && node.parameters?.operation === 'create',
	);
	const requested = {
		size: String(create?.parameters?.size ?? ''),
		seconds: Number(create?.parameters?.seconds),
	};
	await checks.run(
		`${workflow.name}: runs from the editor and its MP4 plays in the Binary tab`,
		async (notes, problems) => {
			await openWorkflow(page, `${ctx.baseUrl}/workflow/${workflowId}`);
			const jobsBefore = sim.count('POST /videos');
			await page.getByTestId('execute-workflow-button').click();
			const last = page.locator(
				'[data-test-id="canvas-node"][data-node-name="Wait for Completion"]',
			);
			await last.getByTestId('canvas-node-status-success').waitFor({ timeout: 180_000 });
			for (const node of workflow.nodes.filter(
				(candidate) => candidate.type !== 'n8n-nodes-base.stickyNote',
			)) {
				if (
					!(await page
						.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`)
						.getByTestId('canvas-node-status-success')
						.isVisible())
				)
					problems.push(`${node.name} did not finish successfully`);
			}
			const jobs = sim.count('POST /videos') - jobsBefore;
			if (jobs !== 1) problems.push(`${jobs} POST /v1/videos, expected 1`);
			await page.getByTestId('zoom-to-fit').click();
			const canvasNodes = page.getByTestId('canvas-node');
			// The last node's name (a div, unlike the sticky's <strong>) and subtitle sit below its box.
			await shoot(
				page,
				join(ctx.shots, 'editor-run-canvas.png'),
				[
					page.getByTestId('sticky'),
					canvasNodes.first(),
					page.locator('div').filter({ hasText: /^Wait for Completion$/ }),
				],
				{ margin: 24 },
			);

			await last.dblclick();
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
			const played = await video.evaluate((element) => {
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
			await shoot(page, join(ctx.shots, 'editor-run-video.png'), [page.getByTestId('ndv')]);
			await closeNdv(page);
		},
	);
}

function checkQuiet(
	checks: Checks,
	browser: EditorBrowser,
	instance: N8nInstance,
): Promise<boolean> {
	return checks.run(
		'the browser console shows no errors from the package, and nothing left loopback',
		async (notes, problems) => {
			const filtered = browser.consoleErrors.filter((error) =>
				N8N_NOISE.some((noise) => noise.matches(error)),
			);
			const errors = browser.consoleErrors.filter((error) => !filtered.includes(error));
			for (const noise of N8N_NOISE) {
				const count = filtered.filter((error) => noise.matches(error)).length;
				if (count > 0) notes.push(`${count} console error(s) left out as n8n's own: ${noise.why}`);
			}
			for (const error of errors)
				problems.push(`console: ${error.text.slice(0, 400)}${error.url ? ` (${error.url})` : ''}`);
			const offHost = browser.offHostRequests.filter(
				(url) => !ALLOWED_OFF_HOST.some((allowed) => allowed.test(url)),
			);
			if (browser.offHostRequests.length > offHost.length)
				notes.push(
					`the browser's requests to registry.npmjs.org (n8n's node details panel) were aborted: ${browser.offHostRequests.length - offHost.length}`,
				);
			for (const url of offHost) problems.push(`the browser tried ${url}`);
			for (const attempt of instance.outboundAttempts())
				problems.push(
					`n8n tried ${attempt.kind} ${attempt.host}${attempt.port ? `:${attempt.port}` : ''}`,
				);
		},
	);
}

// ---------------------------------------------------------------------------------------------

export interface EditorTestOptions {
	/** Where the screenshots go (docs/images). */
	screenshots: string;
	keep: boolean;
}

/** Runs the editor test; returns the process exit code. */
export async function runEditorTest(options: EditorTestOptions): Promise<number> {
	const started = Date.now();
	console.log('\n▶ build and pack');
	const workDir = mkdtempSync(join(tmpdir(), 'sora-ui-'));
	process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
	const { tarball } = buildAndPack(workDir);
	const description = loadDescription();
	const panels = operationPanels(description);
	mkdirSync(options.screenshots, { recursive: true });

	const runtime = await ensureN8n();
	const apiKey = `sk-ui-${Date.now().toString(36)}`;
	const sim = await startSimulator({
		port: 0,
		apiKey,
		renderMs: 1000,
		validateRequests: true,
		validateResponses: true,
	});
	// The node creator's panel of a community package makes n8n run `npm outdated` in its nodes
	// folder (GET /rest/community-packages); offline, npm answers from its cache and stays on loopback.
	const instance = N8nInstance.create(runtime, {
		keep: options.keep,
		env: { npm_config_offline: 'true' },
	});
	let browser: EditorBrowser | undefined;
	const failures = join(tmpdir(), `sora-ui-failures-${Date.now()}`);
	const checks = new Checks(() => browser?.page, failures);
	try {
		const installed = await instance.installPackage(tarball);
		console.log(
			`installed ${installed.name}@${installed.version} in n8n ${runtime.n8nVersion}; simulator ${sim.baseUrl}`,
		);
		const [credentialId] = await instance.importCredentials([
			{
				name: CREDENTIAL_NAME,
				type: CREDENTIAL_TYPE,
				data: { apiKey, baseUrl: sim.baseUrl, authHeader: 'bearer' },
			},
		]);
		const example = await instance.importWorkflow(EXAMPLE, {
			credentialIds: { [CREDENTIAL_NAME]: credentialId! },
		});
		const server = await instance.startServer();
		const session = await ownerSession(server);
		browser = await openEditorBrowser(server.baseUrl, session);
		browser.page.setDefaultTimeout(60_000);
		const ctx: Context = {
			page: browser.page,
			baseUrl: server.baseUrl,
			sim,
			apiKey,
			shots: options.screenshots,
			checks,
		};

		console.log('\n▶ the editor in Chromium');
		await checkSearch(ctx, panels);
		// On the empty canvas, before the operations' nodes pile up where the agent's handles would be.
		await checkAgentTool(ctx);
		for (const panel of panels) await checkOperation(ctx, panel);
		await checkCredential(ctx);
		await checkRun(ctx, example.id, JSON.parse(readFileSync(EXAMPLE, 'utf8')) as WorkflowJson);
		await checkQuiet(checks, browser, instance);
	} finally {
		await browser?.close();
		await instance.dispose();
		await sim.stop();
	}
	const passed = checks.outcomes.filter((outcome) => outcome.ok).length;
	const failed = checks.outcomes.length - passed;
	console.log(
		`\nscreenshots in ${options.screenshots}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
	);
	console.log(`${passed} passed, ${failed} failed`);
	return failed === 0 && passed > 0 ? 0 : 1;
}
