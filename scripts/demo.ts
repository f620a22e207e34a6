// `npm run demo`: text to video, end to end, in n8n's engine.
//
// 1. Builds the package (npm run build) when dist/ is missing or older than its sources, and loads
//    the node and credential from dist/ as n8n does (package.json → "n8n").
// 2. Starts the local simulator of the OpenAI Videos API with a 6 s render, or uses your server
//    when SORA_BASE_URL and SORA_API_KEY are set (the key is never printed).
// 3. Runs examples/text-to-video.json through n8n-core's WorkflowExecute (support/engine/engine.ts;
//    Manual Trigger is the harness's stand-in), printing each status check as it happens.
// 4. Writes demo-output/<id>.mp4 and demo-output/<id>.json (the video object), checks the MP4
//    against what the simulator served, and decodes it with ffprobe (the dev dependency
//    @ffprobe-installer/ffprobe): H.264 with the job's width, height and duration.
//
//   SORA_BASE_URL, SORA_API_KEY   use this server and key instead of the simulator
//   SORA_AUTH_HEADER              bearer (default) | apiKey (Azure) | custom
//   SORA_HEADER_NAME              header for SORA_AUTH_HEADER=custom (e.g. x-litellm-api-key)
//   SORA_MODEL                    model id instead of the example's sora-2 (a gateway alias, a deployment)
//   SORA_DEMO_RENDER_MS           simulator render time (default 6000)
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
	createWriteStream,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';

import type { IDataObject } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../simulator';
import {
	createEngine,
	loadPackage,
	readWorkflow,
	type Engine,
	type PackageTypes,
	type RunningExecution,
} from '../support/engine/engine';
import { probeVideo } from '../support/ffprobe';

const root = join(__dirname, '..');
const EXAMPLE = 'examples/text-to-video.json';
const WAIT_NODE = 'Wait for Completion';
const started = Date.now();

const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s`;
const say = (line: string) => console.log(`[${elapsed()}] ${line}`);

function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

function distIsCurrent(): boolean {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const built = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file) =>
		join(root, file),
	);
	if (built.some((file) => !existsSync(file))) return false;
	const oldestBuilt = Math.min(...built.map((file) => statSync(file).mtimeMs));
	const sources = Math.max(
		newestMtime(join(root, 'nodes')),
		newestMtime(join(root, 'credentials')),
		newestMtime(join(root, 'package.json')),
	);
	return oldestBuilt >= sources;
}

/** Builds when needed and loads from dist/; falls back to the TypeScript sources if the build fails. */
function loadNodeTypes(): PackageTypes {
	if (distIsCurrent()) {
		say('dist/ is up to date: loading the node and credential from dist/');
		return loadPackage('dist');
	}
	say('Building the package (npm run build)…');
	const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8' });
	if (build.status === 0 && distIsCurrent()) {
		say('Built: loading the node and credential from dist/');
		return loadPackage('dist');
	}
	const output = `${build.stdout ?? ''}${build.stderr ?? ''}`
		.trim()
		.split('\n')
		.slice(-15)
		.join('\n');
	console.warn(
		`⚠ npm run build failed (${build.status ?? build.error?.message}); running the TypeScript sources instead.\n${output}`,
	);
	return loadPackage('source');
}

function version(pkg: string): string {
	return (
		JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as {
			version: string;
		}
	).version;
}

/** What is wrong with the MP4 for the job `video` describes (its size and seconds), or null; throws when it does not decode. */
function playabilityProblem(
	file: string,
	video: IDataObject,
): { summary: string; problem: string | null } {
	const probe = probeVideo(file);
	const summary = `${probe.format}, ${probe.codec} ${probe.profile} ${probe.pixelFormat} ${probe.width}x${probe.height}, ${probe.duration.toFixed(2)} s, ${probe.frames} frames decoded`;
	const [width, height] = String(video.size).split('x').map(Number);
	const seconds = Number(video.seconds ?? video.duration);
	const wrong = [
		probe.codec !== 'h264' && 'not H.264',
		(probe.width !== width || probe.height !== height) &&
			`${probe.width}x${probe.height} instead of ${video.size}`,
		Number.isFinite(seconds) &&
			Math.abs(probe.duration - seconds) > 0.05 &&
			`${probe.duration.toFixed(2)} s instead of ${seconds} s`,
	].filter(Boolean);
	return { summary, problem: wrong.length ? wrong.join(', ') : null };
}

async function main(): Promise<number> {
	console.log("Sora Videos demo: text to video through n8n's engine\n");
	const nodeTypes = loadNodeTypes();

	const ownServer = Boolean(process.env.SORA_BASE_URL?.trim() && process.env.SORA_API_KEY?.trim());
	let sim: Simulator | undefined;
	let baseUrl: string;
	let apiKey: string;
	if (ownServer) {
		baseUrl = process.env.SORA_BASE_URL!.trim();
		apiKey = process.env.SORA_API_KEY!.trim();
		say(`Using your server ${baseUrl} (key from SORA_API_KEY, not shown)`);
	} else {
		const renderMs = Number(process.env.SORA_DEMO_RENDER_MS ?? 6000);
		sim = await startSimulator({
			port: 0,
			apiKey: `sk-demo-${randomBytes(12).toString('hex')}`,
			renderMs,
		});
		baseUrl = sim.baseUrl;
		apiKey = sim.apiKey;
		say(
			`Simulator of the OpenAI Videos API at ${baseUrl} (renders take ${renderMs / 1000} s; set SORA_BASE_URL and SORA_API_KEY to use a real server)`,
		);
	}

	const workflow = readWorkflow(EXAMPLE);
	if (process.env.SORA_MODEL?.trim()) {
		for (const node of workflow.nodes)
			if (node.parameters.operation === 'create')
				node.parameters.model = process.env.SORA_MODEL.trim();
	}
	const create = workflow.nodes.find((node) => node.parameters.operation === 'create');
	say(
		`Workflow ${EXAMPLE}: ${workflow.nodes
			.filter((node) => !node.type.endsWith('stickyNote'))
			.map((node) => node.name)
			.join(' → ')}`,
	);
	say(`Prompt: "${String(create?.parameters.prompt ?? '')}"`);
	say(
		`Engine: n8n-core ${version('n8n-core')} WorkflowExecute, n8n-workflow ${version('n8n-workflow')}, binary data in filesystem mode`,
	);

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
		const credentials = {
			soraVideosApi: {
				apiKey,
				baseUrl,
				authHeader: process.env.SORA_AUTH_HEADER?.trim() || 'bearer',
				headerName: process.env.SORA_HEADER_NAME?.trim() || '',
			},
		};
		let lastLine = '';
		execution = engine.start(workflow, {
			credentials,
			mode: 'manual',
			onNodeStart: (name) => say(`▶ ${name}`),
			onNodeFinish: (name, task) => {
				if (task.error) {
					say(`✗ ${name}: ${task.error.message}`);
					return;
				}
				const items = task.data?.main?.[0] ?? [];
				const summary = items
					.map((item) => [item.json.id, item.json.status].filter(Boolean).join(' '))
					.filter(Boolean)
					.join(', ');
				say(`✓ ${name}${summary ? `: ${summary}` : ''} (${task.executionTime} ms)`);
			},
			// The node's progress: sendMessageToUI (shown in the browser console in n8n) …
			onMessage: (message) => {
				const line = message.messages.map(String).join(' ');
				lastLine = line;
				say(`  ${line}`);
			},
			// … and its log lines: retries and anything it warns about (its poll lines are logged at debug
			// level too, with the same text as the messages above, so they are not repeated).
			onLog: (level, message) => {
				if (message === lastLine || /^Sora Videos: \d+ done, /.test(message)) return;
				if (level === 'warn' || level === 'error' || /^Sora Videos:/.test(message))
					say(`  ${level}: ${message}`);
			},
		});
		const run = await execution.result;
		if (run.status !== 'success') {
			const errors = Object.entries(run.nodeErrors()).map(
				([node, message]) => `${node}: ${message}`,
			);
			console.error(
				`\n✗ The execution ended with status "${run.status}"${errors.length ? `:\n  ${errors.join('\n  ')}` : run.error ? `: ${run.error.message}` : ''}`,
			);
			return interrupted ? 130 : 1;
		}

		const [item] = run.items(WAIT_NODE);
		const binary = item?.binary?.data;
		if (!item || !binary) {
			console.error(`\n✗ "${WAIT_NODE}" produced no MP4 in binary property "data"`);
			return 1;
		}
		const id = String(item.json.id);
		const outputDir = join(root, 'demo-output');
		mkdirSync(outputDir, { recursive: true });
		const safeId = id.replace(/[^A-Za-z0-9._-]/g, '_');
		const mp4Path = join(outputDir, `${safeId}.mp4`);
		const jsonPath = join(outputDir, `${safeId}.json`);
		await pipeline(await engine.binaryStream(binary), createWriteStream(mp4Path));
		writeFileSync(jsonPath, `${JSON.stringify(item.json as IDataObject, null, 2)}\n`);
		const bytes = readFileSync(mp4Path);
		const digest = createHash('sha256').update(bytes).digest('hex');

		console.log('');
		say(
			`Video ${id}: ${item.json.status}, ${item.json.seconds} s, ${item.json.size}, model ${item.json.model}`,
		);
		say(
			`Wrote ${relative(process.cwd(), mp4Path) || mp4Path} (${binary.mimeType}, ${bytes.length} bytes, sha256 ${digest.slice(0, 16)}…)`,
		);
		say(
			`Wrote ${relative(process.cwd(), jsonPath) || jsonPath} (the video object, as the node output it)`,
		);
		if (sim) {
			const expected = await sim.expectedSha256(id);
			if (expected !== digest) {
				console.error(
					`✗ The MP4 differs from what the simulator served (sha256 ${expected.slice(0, 16)}…)`,
				);
				return 1;
			}
			say('The MP4 is byte for byte what the simulator served');
		}
		const { summary, problem } = playabilityProblem(mp4Path, item.json);
		say(`ffprobe: ${summary}`);
		if (problem) {
			// The simulator must match the job; a server of your own is reported, not failed.
			if (sim) {
				console.error(`✗ The MP4 does not match the job: ${problem}`);
				return 1;
			}
			say(`⚠ The MP4 does not match the job: ${problem}`);
		} else say(`The MP4 decodes and matches the job (${item.json.size}, ${item.json.seconds} s)`);
		say(`Done: ${outputDir}`);
		return 0;
	} finally {
		process.removeListener('SIGINT', interrupt);
		await engine?.dispose();
		await sim?.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(`\n✗ ${error.stack ?? error.message}`);
		process.exit(1);
	},
);
