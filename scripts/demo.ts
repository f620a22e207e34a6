/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- Node tooling, not published (DEVELOPERS.md) */
// `npm run demo`: text to video, end to end, in n8n's engine.
//
// 1. Builds the package (npm run build) when dist/ is missing or older than its sources, and loads
//    the node and credential from dist/ as n8n does (package.json → "n8n").
// 2. Starts the local simulator of the OpenAI Videos API with a 6 s render, or uses your server
//    when SORA_BASE_URL and SORA_API_KEY are set (the key is never printed).
// 3. Runs examples/text-to-video.json through n8n-core's WorkflowExecute (support/engine/engine.ts;
//    Manual Trigger is the harness's stand-in), printing each status check as it happens.
//    The machinery is in support/demo.ts.
// 4. Writes demo-output/<id>.mp4 and demo-output/<id>.json (the video object), checks the MP4
//    against what the simulator served, and decodes it with ffprobe (the dev dependency
//    @ffprobe-installer/ffprobe): H.264 with the job's width, height and duration.
//
//   SORA_BASE_URL, SORA_API_KEY   use this server and key instead of the simulator
//   SORA_AUTH_HEADER              bearer (default) | apiKey (Azure) | custom
//   SORA_HEADER_NAME              header for SORA_AUTH_HEADER=custom (e.g. x-litellm-api-key)
//   SORA_MODEL                    model id instead of the example's sora-2 (a gateway alias, a deployment)
//   SORA_DEMO_RENDER_MS           simulator render time (default 6000)
import { createEngine, type Engine, type RunningExecution } from '../support/engine/engine';
import { loadBuiltPackage } from '../support/engine/built-package';
import { progressLines } from '../support/engine/run-progress';
import {
	demoCredentials,
	demoWorkflow,
	keepVideo,
	reportFailedRun,
	say,
	startDemoServer,
} from '../support/demo';

const EXAMPLE = 'examples/text-to-video.json';
const WAIT_NODE = 'Finished MP4';

async function main(): Promise<number> {
	console.log("Sora Videos demo: text to video through n8n's engine\n");
	const nodeTypes = loadBuiltPackage(say);
	const server = await startDemoServer();
	const workflow = demoWorkflow(EXAMPLE);

	let engine: Engine | undefined;
	let execution: RunningExecution | undefined;
	let interrupted = false;
	const interrupt = () => {
		interrupted = true;
		console.log('\nInterrupted: cancelling the execution…');
		execution?.cancel();
	};
	process.once('SIGINT', interrupt);
	try {
		engine = await createEngine({ nodeTypes });
		execution = engine.start(workflow, {
			credentials: demoCredentials(server),
			mode: 'manual',
			...progressLines(say),
		});
		const run = await execution.result;
		if (run.status !== 'success') {
			reportFailedRun(run);
			return interrupted ? 130 : 1;
		}
		return await keepVideo(engine, run, WAIT_NODE, server.sim);
	} finally {
		process.removeListener('SIGINT', interrupt);
		await engine?.dispose();
		await server.sim?.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(`\n✗ ${error.stack ?? error.message}`);
		process.exit(1);
	},
);
