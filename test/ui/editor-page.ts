// Moves in n8n 2.40.7's editor the checks share: opening a workflow, the nodes panel, closing what
// is open, reading a dropdown, and screenshots of a part of the page.
import type { Locator, Page } from 'playwright-core';

export async function openWorkflow(page: Page, url: string): Promise<void> {
	// The editor's first load parses n8n's whole front end; on two busy cores that takes 30-60 s.
	await page.goto(url, { timeout: 180_000 });
	await page.getByTestId('node-creator-plus-button').waitFor({ timeout: 180_000 });
}

export async function searchNodes(page: Page, text: string): Promise<Locator> {
	await page.getByTestId('node-creator-plus-button').click();
	const creator = page.getByTestId('node-creator');
	await page.getByTestId('node-creator-search-bar').fill(text);
	return creator;
}

/** A node creator entry whose name is exactly `name`. */
export function creatorItem(creator: Locator, name: string): Locator {
	return creator.getByTestId('item-iterator-item').filter({
		has: creator.page().getByTestId('node-creator-item-name').getByText(name, { exact: true }),
	});
}

/** A section of a node's view in the nodes panel, such as "Triggers" or "Actions". */
export function creatorSection(creator: Locator, name: 'Triggers' | 'Actions'): Locator {
	return creator.locator(`[data-keyboard-nav-id="${name}"]`);
}

/**
 * Opens the package's entry in the nodes panel and shows its actions. With the trigger in the
 * package, n8n lists the trigger and the actions in two sections; on a canvas without a trigger
 * the Actions section starts collapsed, so it is opened unless `action` already shows.
 */
export async function openSoraActions(creator: Locator, action: string): Promise<void> {
	await creatorItem(creator, 'Sora Videos').click();
	const wanted = creatorItem(creator, action);
	const actions = creatorSection(creator, 'Actions');
	await wanted.or(actions).first().waitFor();
	if (!(await wanted.isVisible())) await actions.click();
	await wanted.waitFor();
}

/** Opens the panel of a new Sora Videos node for `action` (as the nodes panel names it). */
export async function addSoraNode(page: Page, action: string): Promise<void> {
	const creator = await searchNodes(page, 'Sora');
	await openSoraActions(creator, action);
	await creatorItem(creator, action).click();
}

/** After a failed check: closes whatever dialog, panel or menu it left open, so the next check starts on the canvas. */
export async function closeEverything(page: Page): Promise<void> {
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

export async function closeNdv(page: Page): Promise<void> {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

/** The labels of the visible entries of an open Element Plus dropdown, in order, and those cut off. */
export async function dropdownEntries(
	entries: Locator,
): Promise<{ labels: string[]; cutOff: string[] }> {
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
export async function shoot(
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
