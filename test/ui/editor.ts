/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// `npm run test:ui`: the packed package in the real n8n editor (the e2e suite's n8n, test/e2e/),
// in Debian's Chromium, as a no-code user meets it: found by search and as an AI Agent tool
// (nodes-panel.ts), every operation's panel (operation-panel.ts), the credential dialog's messages
// (credential-dialog.ts), and an example run whose MP4 plays in the output's Binary tab
// (workflow-run.ts). Screenshots of what it checks go to docs/images/ (docs/e2e.md, "Editor test").
//
// Every wait is on a selector or a response, never a fixed time. n8n, the simulator and the
// browser stay on 127.0.0.1: the outbound guard watches n8n, the browser aborts other hosts
// (console-check.ts).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator } from '../../simulator';
import { importSoraCredential, importWithCredential } from '../e2e/cell-setup';
import { N8nInstance } from '../../support/n8n/instance';
import type { WorkflowJson } from '../../support/n8n/run-data';
import { ownerSession } from '../../support/n8n/owner-session';
import { ensureN8n } from '../../support/n8n/runtime';
import { buildAndPackForThisRun } from '../../support/pack';
import {
	installPackedSimulator,
	type RunningBin,
	startSimulatorBin,
} from '../../support/simulator-package';
import { openEditorBrowser, type EditorBrowser } from './browser';
import { checkQuiet } from './console-check';
import { checkCredential } from './credential-dialog';
import { Checks, type EditorContext } from './editor-checks';
import { loadDescription, operationPanels } from './node-description';
import { checkAgentTool, checkSearch } from './nodes-panel';
import { checkOperation } from './operation-panel';
import { checkRun } from './workflow-run';

const example = (file: string) => join(__dirname, '..', '..', 'examples', file);
/** The two first-run paths: one node (Create waits), and Create → Wait for Completion (the screenshots). */
const FIRST_VIDEO = example('first-video.json');
const TEXT_TO_VIDEO = example('text-to-video.json');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;

/** The jobs the simulator's bin created: its request lines `… POST /v1/videos -> 2xx`. */
const jobsCreated = (bin: RunningBin) =>
	bin.output().match(/ POST \/v1\/videos -> 2\d\d/g)?.length ?? 0;

export interface EditorTestOptions {
	/** Where the screenshots go (docs/images). */
	screenshots: string;
	keep: boolean;
}

/** Runs the editor test; returns the process exit code. */
export async function runEditorTest(options: EditorTestOptions): Promise<number> {
	const started = Date.now();
	console.log('\n▶ build and pack');
	const { tarball } = buildAndPackForThisRun('sora-ui-');
	const panels = operationPanels(loadDescription());
	mkdirSync(options.screenshots, { recursive: true });

	const runtime = await ensureN8n();
	const apiKey = `sk-ui-${Date.now().toString(36)}`;
	// The README's first-video path: the simulator from its own npm package, as `npx
	// sora-videos-simulator --profile litellm` starts it, and a credential saying LiteLLM.
	console.log('\n▶ the simulator package, packed and installed');
	const simulatorScratch = mkdtempSync(join(tmpdir(), 'sora-ui-simulator-'));
	const readme = await startSimulatorBin(installPackedSimulator(simulatorScratch).folder, [
		...['--profile', 'litellm', '--port', '0', '--key', apiKey, '--render-ms', '1000'],
		...['--validate-requests', '--validate-responses'],
	]);
	// The credential dialog's check switches the profile of a simulator of its own.
	const sim = await startSimulator({
		port: 0,
		profile: 'litellm',
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
	const checks = new Checks(() => browser?.page, join(tmpdir(), `sora-ui-failures-${Date.now()}`));
	try {
		const installed = await instance.installPackage(tarball);
		console.log(
			`installed ${installed.name}@${installed.version} in n8n ${runtime.n8nVersion}; simulator ${sim.baseUrl}`,
		);
		const credentialId = await importSoraCredential(instance, apiKey, readme.baseUrl, 'litellm');
		const oneNode = await importWithCredential(instance, FIRST_VIDEO, credentialId, readme.baseUrl);
		const chain = await importWithCredential(instance, TEXT_TO_VIDEO, credentialId, readme.baseUrl);
		const server = await instance.startServer();
		browser = await openEditorBrowser(server.baseUrl, await ownerSession(server));
		browser.page.setDefaultTimeout(60_000);
		const ctx: EditorContext = {
			page: browser.page,
			baseUrl: server.baseUrl,
			sim,
			firstVideoServer: { baseUrl: readme.baseUrl, jobsCreated: () => jobsCreated(readme) },
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
		await checkRun(ctx, oneNode.id, readJson(FIRST_VIDEO));
		await checkRun(ctx, chain.id, readJson(TEXT_TO_VIDEO), { screenshots: true });
		await checkQuiet(checks, browser, instance);
	} finally {
		await browser?.close();
		await instance.dispose();
		await sim.stop();
		await readme.stop();
		rmSync(simulatorScratch, { recursive: true, force: true });
	}
	const passed = checks.outcomes.filter((outcome) => outcome.ok).length;
	const failed = checks.outcomes.length - passed;
	console.log(
		`\nscreenshots in ${options.screenshots}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
	);
	console.log(`${passed} passed, ${failed} failed`);
	return failed === 0 && passed > 0 ? 0 : 1;
}
