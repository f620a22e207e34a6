/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// The credential dialog, opened from a node's panel: a wrong key shows the credential's 401
// message, a Base URL without /v1 its 404 message, the right settings pass and, reopened, show
// "Connection tested successfully"; the dialog never shows the key and the simulator saw every test.
import { join } from 'node:path';

import type { Locator, Page, Response } from 'playwright-core';

import type { EditorContext } from './editor-checks';
import { addSoraNode, closeNdv, shoot } from './editor-page';

type TestAnswer = { status?: string; message?: string };

/** The credential test's answer the editor gets next. */
function nextTestAnswer(page: Page): Promise<Response> {
	return page.waitForResponse((response) => response.url().includes('/rest/credentials/test'));
}

/** Saves the open credential dialog and returns the credential test's answer the editor got. */
async function saveCredential(page: Page, modal: Locator): Promise<TestAnswer> {
	const tested = nextTestAnswer(page);
	await modal.getByTestId('credential-save-button').click();
	return ((await (await tested).json()) as { data: TestAnswer }).data;
}

/** The failure banner's message as shown (after "More details", which the banner keeps open once clicked). */
async function failureShown(modal: Locator, message: string): Promise<void> {
	await modal.getByText('Couldn’t connect with these settings').waitFor();
	const more = modal.getByText('More details', { exact: true });
	if (await more.isVisible()) await more.click();
	await modal.getByText(message, { exact: true }).waitFor();
}

export async function checkCredential(ctx: EditorContext): Promise<void> {
	const { checks, sim } = ctx;
	await checks.run(
		'the credential dialog: the node\'s messages for a wrong key and a Base URL without /v1, then "Connection tested successfully"',
		async (notes, problems) => {
			// A LiteLLM proxy answers /models without /v1 too; an OpenAI-style server does not, which is
			// the mistake this check shows.
			const { profile } = sim.options;
			sim.configure({ profile: 'openai' });
			try {
				await tryTheDialog(ctx, notes, problems);
			} finally {
				sim.configure({ profile });
			}
		},
	);
}

/** A new credential from a node's panel: the wrong settings fail with their messages, the right ones pass. */
async function tryTheDialog(ctx: EditorContext, notes: string[], problems: string[]) {
	const { page, sim } = ctx;
	const probesBefore = sim.count('GET /models');
	await addSoraNode(page, 'Get a video');
	await page.getByTestId('ndv').waitFor();
	await page.getByTestId('node-credentials-select').click();
	await page.getByTestId('node-credentials-select-item-new').click();
	const modal = page.getByTestId('editCredential-modal');
	await modal.waitFor();
	await tryWrongSettings(ctx, modal, notes, problems);
	await trySettingsThatPass(ctx, modal, notes, problems);
	const probes = sim.count('GET /models') - probesBefore;
	notes.push(`the simulator answered ${probes} GET /v1/models`);
	if (probes < 3) problems.push('the credential tests did not all reach the simulator');
	await modal.locator('.el-dialog__close').click();
	await modal.waitFor({ state: 'hidden' });
	await closeNdv(page);
}

/** A wrong key, then the right key with a Base URL without /v1: each fails with its message. */
async function tryWrongSettings(
	{ page, sim, apiKey, shots }: EditorContext,
	modal: Locator,
	notes: string[],
	problems: string[],
): Promise<void> {
	const apiKeyInput = modal.getByTestId('parameter-input-apiKey').locator('input');
	const baseUrlInput = modal.getByTestId('parameter-input-baseUrl').locator('input');
	await apiKeyInput.fill(`sk-ui-wrong-${Date.now()}`);
	await baseUrlInput.fill(sim.baseUrl);
	const wrong = await saveCredential(page, modal);
	if (wrong.status !== 'Error' || !/refused the API key \(HTTP 401\)/.test(wrong.message ?? ''))
		problems.push(`a wrong key: the test answered ${JSON.stringify(wrong)}`);
	else await failureShown(modal, wrong.message!);
	notes.push(`wrong key → "${wrong.message}"`);
	await shoot(page, join(shots, 'editor-credential-wrong-key.png'), [modal]);

	await apiKeyInput.fill(apiKey);
	await baseUrlInput.fill(sim.baseUrl.replace(/\/v1$/, ''));
	const noV1 = await saveCredential(page, modal);
	if (noV1.status !== 'Error' || !/should end with the API root/.test(noV1.message ?? ''))
		problems.push(`a Base URL without /v1: the test answered ${JSON.stringify(noV1)}`);
	else await failureShown(modal, noV1.message!);
	notes.push(`Base URL without /v1 → "${noV1.message}"`);
	await shoot(page, join(shots, 'editor-credential-no-v1.png'), [modal]);
}

/** The right settings pass; reopened, the dialog says so and shows no key. */
async function trySettingsThatPass(
	{ page, sim, apiKey, shots }: EditorContext,
	modal: Locator,
	notes: string[],
	problems: string[],
): Promise<void> {
	await modal.getByTestId('parameter-input-baseUrl').locator('input').fill(sim.baseUrl);
	const right = await saveCredential(page, modal);
	if (right.status !== 'OK')
		problems.push(`the right key: the test answered ${JSON.stringify(right)}`);
	// A credential created from a node's panel closes on a passing test; reopen it to see the result.
	await modal.waitFor({ state: 'hidden' });
	const reopened = nextTestAnswer(page);
	await page.getByTestId('credential-edit-button').click();
	await reopened;
	const success = modal.getByTestId('credentials-config-container-test-success');
	await success.waitFor();
	notes.push(`right key → "${(await success.innerText()).split('\n')[0]!.trim()}"`);
	await shoot(page, join(shots, 'editor-credential-success.png'), [modal]);
	const values = await modal
		.locator('input')
		.evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
	if (values.some((value) => value.includes(apiKey)) || (await page.content()).includes(apiKey))
		problems.push('the dialog shows the API key');
}
