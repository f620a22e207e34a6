/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// The nodes panel: the node is found by search with its actions, and an AI Agent offers its tool.
import { join } from 'node:path';

import { NODE_TYPE } from '../e2e/checks';
import type { EditorContext } from './editor-checks';
import {
	closeNdv,
	creatorItem,
	creatorSection,
	openSoraActions,
	openWorkflow,
	searchNodes,
	shoot,
} from './editor-page';
import type { OperationPanel } from './node-description';

export async function checkSearch(ctx: EditorContext, panels: OperationPanel[]): Promise<void> {
	const { page, checks } = ctx;
	await checks.run(
		'the node is found by searching "Sora" in the nodes panel, with its trigger and every action',
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
			const actions = panels.map((panel) => panel.action);
			await openSoraActions(creator, actions[0]!);
			const triggers = creatorSection(creator, 'Triggers');
			if (!(await triggers.isVisible()))
				problems.push(
					"the node's view has no Triggers section: the Sora Videos Trigger is missing",
				);
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

export async function checkAgentTool(ctx: EditorContext): Promise<void> {
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
