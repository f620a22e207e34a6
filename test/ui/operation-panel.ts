/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// One operation's panel: added from the nodes panel, it shows that operation, the existing
// credential and every field n8n's display rules say it shows; lists the node loads finish
// loading; "Add option" offers exactly the operation's options.
import { join } from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { CREDENTIAL_NAME } from '../e2e/checks';
import type { EditorContext } from './editor-checks';
import { addSoraNode, closeNdv, dropdownEntries, shoot } from './editor-page';
import type { OperationPanel } from './node-description';

const OPEN_DROPDOWN = '.el-popper[aria-hidden="false"]';
const OPEN_DROPDOWN_ITEMS = `${OPEN_DROPDOWN} .el-select-dropdown__item`;

/** What the checks of one panel share. */
interface PanelCheck {
	ctx: EditorContext;
	page: Page;
	panel: OperationPanel;
	parameters: Locator;
	notes: string[];
	problems: string[];
}

const isVideoCreate = (panel: OperationPanel) =>
	panel.resource === 'video' && panel.value === 'create';

export async function checkOperation(ctx: EditorContext, panel: OperationPanel): Promise<void> {
	const { page, checks } = ctx;
	await checks.run(
		`"${panel.action}" opens the ${panel.name} panel with ${panel.fields
			.filter((field) => field.type !== 'notice')
			.map((field) => field.displayName)
			.join(
				', ',
			)}${panel.fields.some((field) => field.type === 'notice') ? ' and its notice' : ''}`,
		async (notes, problems) => {
			await addSoraNode(page, panel.action);
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			const parameters = ndv.getByTestId('node-parameters');
			const check: PanelCheck = { ctx, page, panel, parameters, notes, problems };
			await checkOperationAndCredential(check, ndv);
			await checkFields(check);
			await waitForLoadedLists(check);
			if (isVideoCreate(panel)) await listCreateDropdowns(check);
			await checkOptions(check);
			await closeNdv(page);
		},
	);
}

async function checkOperationAndCredential(
	{ panel, parameters, problems }: PanelCheck,
	ndv: Locator,
): Promise<void> {
	const shown = await parameters
		.getByTestId('parameter-input-operation')
		.locator('input')
		.inputValue();
	if (shown !== panel.name) problems.push(`Operation shows "${shown}", expected "${panel.name}"`);
	const credential = await ndv.getByTestId('node-credentials-select').locator('input').inputValue();
	if (credential !== CREDENTIAL_NAME)
		problems.push(
			`the credential slot shows "${credential}", expected the existing "${CREDENTIAL_NAME}"`,
		);
}

async function checkFields({ panel, parameters, problems }: PanelCheck): Promise<void> {
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
}

/** A list the node loads from the server: wait until it has loaded, as a user would. */
async function waitForLoadedLists({ page, panel, parameters, notes }: PanelCheck): Promise<void> {
	for (const field of panel.fields.filter(
		(candidate) => candidate.typeOptions?.loadOptionsMethod,
	)) {
		const input = parameters.getByTestId(`parameter-input-${field.name}`).locator('input');
		await page.waitForFunction(
			(element) => {
				const box = element as unknown as { value: string; placeholder: string };
				return !`${box.value} ${box.placeholder}`.includes('Loading options');
			},
			await input.elementHandle(),
		);
		notes.push(`${field.displayName} loaded from the server, shows "${await input.inputValue()}"`);
	}
}

/** The order of Create's Seconds and Size entries, for the report. */
async function listCreateDropdowns({ page, parameters, notes }: PanelCheck): Promise<void> {
	for (const name of ['seconds', 'size']) {
		await parameters.getByTestId(`parameter-input-${name}`).click();
		const { labels } = await dropdownEntries(page.locator(OPEN_DROPDOWN_ITEMS));
		notes.push(`${name} lists ${labels.join(' | ')}`);
		await page.keyboard.press('Escape');
		await page.locator(OPEN_DROPDOWN_ITEMS).first().waitFor({ state: 'hidden' });
	}
}

async function checkOptions(check: PanelCheck): Promise<void> {
	const { page, panel, parameters, notes, problems } = check;
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
		if (isVideoCreate(panel))
			await shoot(page, join(check.ctx.shots, 'editor-create-panel.png'), [
				parameters,
				page.locator(OPEN_DROPDOWN).filter({ has: list }),
			]);
	} else if (await parameters.getByTestId('collection-parameter-add').isVisible()) {
		problems.push('an "Add option" button the node does not declare');
	}
}
