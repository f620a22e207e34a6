#!/usr/bin/env node
/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- Node tooling, not published (DEVELOPERS.md) */
import { helpText, parseCliArgs } from './cli-args';
import { startSimulator } from './server';

/**
 * `npx sora-videos-simulator [flags]` (`npm run simulator -- [flags]` in a clone): runs the
 * simulator until Ctrl+C (SIGINT) or SIGTERM.
 * It prints the key on purpose: it is the user's own local simulator key, not an OpenAI key.
 */

async function main(): Promise<void> {
	let args;
	try {
		args = parseCliArgs(process.argv.slice(2));
	} catch (err) {
		console.error(err instanceof Error ? err.message : String(err));
		process.exitCode = 2;
		return;
	}
	if (args.help) {
		process.stdout.write(helpText());
		return;
	}
	const sim = await startSimulator(args.options);
	const o = sim.options;
	console.log(
		[
			`Sora videos simulator (profile ${o.profile}) listening on ${sim.baseUrl}`,
			`API key: ${sim.apiKey}`,
			'',
			'In n8n, create a "Sora Videos API" credential (or the built-in OpenAI credential) with',
			`  Base URL: ${sim.baseUrl}`,
			`  API Key:  ${sim.apiKey}`,
			'The simulator listens on 127.0.0.1 only: run n8n on the same machine (in Docker: --network host).',
			`Sample reference images of every size it takes (no key needed): ${sim.baseUrl}/samples`,
			'',
			`Renders take ${o.renderMs} ms (x${o.proRenderFactor} for pro models). Ctrl+C to stop.`,
		].join('\n'),
	);
	// Print new request-log lines as they arrive (the log is in memory; a short poll is enough).
	let printed = 0;
	const ticker = setInterval(() => {
		const entries = sim.log();
		if (!args.quiet) {
			for (const e of entries.slice(printed)) {
				const extra = [e.fault && `fault=${e.fault}`, e.videoId && `id=${e.videoId}`]
					.filter(Boolean)
					.join(' ');
				console.log(
					`${new Date(e.time).toISOString()} ${e.method} ${e.path} -> ${e.status ?? 'no answer'} ${extra}`.trimEnd(),
				);
			}
		}
		printed = entries.length;
	}, 250);
	const shutdown = () => {
		clearInterval(ticker);
		sim.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

void main();
