/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// The machinery of `npm run demo` (scripts/demo.ts): its progress lines, the server it talks to
// (the simulator, or yours from SORA_BASE_URL and SORA_API_KEY), the example workflow it runs and
// what it does with the finished video (writes it to demo-output/ and checks it).
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';

import type { IDataObject } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../simulator';
import {
	readWorkflow,
	type Engine,
	type EngineCredentials,
	type EngineRun,
	type WorkflowJson,
} from './engine/engine';
import { compareWithJob } from './ffprobe';

const ROOT = join(__dirname, '..');
const started = Date.now();

const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s`;
/** A progress line, with the time since the demo started. */
export const say = (line: string) => console.log(`[${elapsed()}] ${line}`);

/** The server the demo talks to; `sim` when it is the simulator the demo started. */
export interface DemoServer {
	baseUrl: string;
	apiKey: string;
	sim?: Simulator;
}

/** Your server when SORA_BASE_URL and SORA_API_KEY are set (the key is never printed), else a simulator. */
export async function startDemoServer(): Promise<DemoServer> {
	if (process.env.SORA_BASE_URL?.trim() && process.env.SORA_API_KEY?.trim()) {
		const baseUrl = process.env.SORA_BASE_URL.trim();
		say(`Using your server ${baseUrl} (key from SORA_API_KEY, not shown)`);
		return { baseUrl, apiKey: process.env.SORA_API_KEY.trim() };
	}
	const renderMs = Number(process.env.SORA_DEMO_RENDER_MS ?? 6000);
	const sim = await startSimulator({
		port: 0,
		apiKey: `sk-demo-${randomBytes(12).toString('hex')}`,
		renderMs,
	});
	say(
		`Simulator of the OpenAI Videos API at ${sim.baseUrl} (renders take ${renderMs / 1000} s; set SORA_BASE_URL and SORA_API_KEY to use a real server)`,
	);
	return { baseUrl: sim.baseUrl, apiKey: sim.apiKey, sim };
}

/** The Sora Videos credential for `server`, with SORA_AUTH_HEADER and SORA_HEADER_NAME. */
export function demoCredentials(server: DemoServer): EngineCredentials {
	return {
		soraVideosApi: {
			apiKey: server.apiKey,
			baseUrl: server.baseUrl,
			authHeader: process.env.SORA_AUTH_HEADER?.trim() || 'bearer',
			headerName: process.env.SORA_HEADER_NAME?.trim() || '',
		},
	};
}

function version(pkg: string): string {
	return (
		JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as {
			version: string;
		}
	).version;
}

/** The example workflow `file`, its Create's model set from SORA_MODEL; says what will run. */
export function demoWorkflow(file: string): WorkflowJson {
	const workflow = readWorkflow(file);
	const model = process.env.SORA_MODEL?.trim();
	if (model) {
		for (const node of workflow.nodes)
			if (node.parameters.operation === 'create') node.parameters.model = model;
	}
	const create = workflow.nodes.find((node) => node.parameters.operation === 'create');
	say(
		`Workflow ${file}: ${workflow.nodes
			.filter((node) => !node.type.endsWith('stickyNote'))
			.map((node) => node.name)
			.join(' → ')}`,
	);
	say(`Prompt: "${String(create?.parameters.prompt ?? '')}"`);
	say(
		`Engine: n8n-core ${version('n8n-core')} WorkflowExecute, n8n-workflow ${version('n8n-workflow')}, binary data in filesystem mode`,
	);
	return workflow;
}

/** Why the execution did not succeed: each failing node's error, else the execution's. */
export function reportFailedRun(run: EngineRun): void {
	const errors = Object.entries(run.nodeErrors()).map(([node, message]) => `${node}: ${message}`);
	console.error(
		`\n✗ The execution ended with status "${run.status}"${errors.length ? `:\n  ${errors.join('\n  ')}` : run.error ? `: ${run.error.message}` : ''}`,
	);
}

/** Writes the MP4 and the video object to demo-output/<id>.mp4 and .json; returns the MP4's path and sha256. */
async function writeVideo(
	engine: Engine,
	json: IDataObject,
	binary: Parameters<Engine['binaryStream']>[0],
): Promise<{ mp4Path: string; digest: string; outputDir: string }> {
	const id = String(json.id);
	const outputDir = join(ROOT, 'demo-output');
	mkdirSync(outputDir, { recursive: true });
	const safeId = id.replace(/[^A-Za-z0-9._-]/g, '_');
	const mp4Path = join(outputDir, `${safeId}.mp4`);
	const jsonPath = join(outputDir, `${safeId}.json`);
	await pipeline(await engine.binaryStream(binary), createWriteStream(mp4Path));
	writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
	const bytes = readFileSync(mp4Path);
	const digest = createHash('sha256').update(bytes).digest('hex');
	console.log('');
	say(`Video ${id}: ${json.status}, ${json.seconds} s, ${json.size}, model ${json.model}`);
	say(
		`Wrote ${relative(process.cwd(), mp4Path) || mp4Path} (${binary.mimeType}, ${bytes.length} bytes, sha256 ${digest.slice(0, 16)}…)`,
	);
	say(
		`Wrote ${relative(process.cwd(), jsonPath) || jsonPath} (the video object, as the node output it)`,
	);
	return { mp4Path, digest, outputDir };
}

/**
 * Writes the video `nodeName` output to demo-output/ and checks it: byte for byte what the
 * simulator served, and an H.264 MP4 of the job's size and seconds. A server of your own is
 * reported, not failed, when the MP4 does not match the job. Returns the exit code.
 */
export async function keepVideo(
	engine: Engine,
	run: EngineRun,
	nodeName: string,
	sim: Simulator | undefined,
): Promise<number> {
	const [item] = run.items(nodeName);
	const binary = item?.binary?.data;
	if (!item || !binary) {
		console.error(`\n✗ "${nodeName}" produced no MP4 in binary property "data"`);
		return 1;
	}
	const { mp4Path, digest, outputDir } = await writeVideo(engine, item.json, binary);
	if (sim) {
		const expected = await sim.expectedSha256(String(item.json.id));
		if (expected !== digest) {
			console.error(
				`✗ The MP4 differs from what the simulator served (sha256 ${expected.slice(0, 16)}…)`,
			);
			return 1;
		}
		say('The MP4 is byte for byte what the simulator served');
	}
	const { summary, problem } = compareWithJob(mp4Path, item.json);
	say(`ffprobe: ${summary}`);
	if (problem) {
		if (sim) {
			console.error(`✗ The MP4 does not match the job: ${problem}`);
			return 1;
		}
		say(`⚠ The MP4 does not match the job: ${problem}`);
	} else say(`The MP4 decodes and matches the job (${item.json.size}, ${item.json.seconds} s)`);
	say(`Done: ${outputDir}`);
	return 0;
}
