// The browser console shows no errors from the package, and nothing left loopback: n8n's own
// console errors are filtered out and counted, each with the reason it is harmless here.
import { attemptTarget, type N8nInstance } from '../../support/n8n/instance';
import type { ConsoleError, EditorBrowser } from './browser';
import type { Checks } from './editor-checks';

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

export function checkQuiet(
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
				problems.push(`n8n tried ${attemptTarget(attempt)}`);
		},
	);
}
