/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// Debian's Chromium (/usr/bin/chromium) driven by playwright-core, which downloads no browser of
// its own. The browser stays on loopback: every request to another host is aborted and recorded,
// and Chromium's own background traffic (updates, sync, QUIC probes, first-run pages) is switched
// off by its flags. Console errors and uncaught page errors are collected for the editor test.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, selectors, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** `headless: true` adds --headless; the rest keep Chromium off the network it cannot reach anyway. */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface ConsoleError {
	text: string;
	/** The script or resource the message is about (empty when the browser gives none). */
	url: string;
}

export interface EditorBrowser {
	page: Page;
	context: BrowserContext;
	/** Requests to hosts other than 127.0.0.1 (all aborted). */
	offHostRequests: string[];
	consoleErrors: ConsoleError[];
	close(): Promise<void>;
}

const isLoopback = (url: string) =>
	/^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url) ||
	/^(data|blob|about):/.test(url);

export function missingChromium(): string | undefined {
	return existsSync(CHROMIUM)
		? undefined
		: `${CHROMIUM} not found (Debian: apt-get install -y chromium; .ci/run does it)`;
}

/**
 * A fresh Chromium profile signed in to n8n as `cookie` (the session n8n issued for `browserId`;
 * the editor sends that id from localStorage `n8n-browserId`).
 */
export async function openEditorBrowser(
	baseUrl: string,
	session: { cookie: string; browserId: string },
): Promise<EditorBrowser> {
	const missing = missingChromium();
	if (missing) throw new Error(missing);
	// n8n's editor marks its elements with data-test-id (Playwright's default is data-testid).
	selectors.setTestIdAttribute('data-test-id');
	const profile = mkdtempSync(join(tmpdir(), 'sora-ui-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1400, height: 1000 },
		deviceScaleFactor: 1,
	});
	const offHostRequests: string[] = [];
	const consoleErrors: ConsoleError[] = [];
	await context.route('**/*', async (route) => {
		const url = route.request().url();
		if (isLoopback(url)) return route.continue();
		offHostRequests.push(url);
		return route.abort('blockedbyclient');
	});
	const host = new URL(baseUrl).hostname;
	await context.addCookies(
		session.cookie.split('; ').map((pair) => {
			const at = pair.indexOf('=');
			return { name: pair.slice(0, at), value: pair.slice(at + 1), domain: host, path: '/' };
		}),
	);
	await context.addInitScript((browserId: string) => {
		(
			globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }
		).localStorage.setItem('n8n-browserId', browserId);
	}, session.browserId);
	const page = context.pages()[0] ?? (await context.newPage());
	page.on('console', (message) => {
		if (message.type() === 'error')
			consoleErrors.push({ text: message.text(), url: message.location().url ?? '' });
	});
	page.on('pageerror', (error) =>
		consoleErrors.push({ text: `uncaught: ${error.stack ?? error.message}`, url: '' }),
	);
	return {
		page,
		context,
		offHostRequests,
		consoleErrors,
		close: async () => {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
