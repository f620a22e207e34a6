/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- Node tooling, not published (DEVELOPERS.md) */
// The long-running n8n processes: `n8n start` (the main, which serves the editor, the REST API and
// the webhooks) and, in queue mode, `n8n worker`. Each runs in its own process group with its
// output in a log file, and is ready at its ready line (the main also answers /healthz then).
//
// Webhooks (n8n 2.40.7): a workflow is published (`publish:workflow --id=<id>`; update:workflow
// --active is the older way) before `start`. /healthz answers early, so start is ready at its
// "Editor is now accessible via" line; published workflows are then activated asynchronously
// (workflow publication service), so waitForWebhook() probes each path with a CORS preflight
// until it is registered.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

import { forgetGroup, killGroup, tail, trackGroup } from './processes';

export interface N8nServer {
	baseUrl: string;
	port: number;
	pid: number;
	startMs: number;
	webhookUrl(path: string): string;
	/**
	 * Waits until a published workflow's webhook is registered. n8n 2.40.7 activates published
	 * workflows asynchronously (workflow publication service) after start is ready, so a call right
	 * away can get 404 "not registered". Probes with a CORS preflight (OPTIONS + Origin), which n8n
	 * answers 204 with Access-Control-Allow-Methods once the path is registered, without running
	 * the workflow. Returns the ms waited.
	 */
	waitForWebhook(path: string, method?: string, timeoutMs?: number): Promise<number>;
	output(): string;
	stop(): Promise<void>;
}

export interface LaunchOptions {
	command: 'start' | 'worker';
	/** The line n8n prints once the process is ready. */
	readyLine: string;
	node: string;
	n8nBin: string;
	cwd: string;
	env: NodeJS.ProcessEnv;
	port: number;
	logFile: string;
	timeoutMs: number;
	/** Called once the process has been stopped. */
	onStop(server: N8nServer): void;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the process and resolves once it is ready; stops it when it does not get ready. */
export async function launchN8nProcess(options: LaunchOptions): Promise<N8nServer> {
	const started = Date.now();
	const server = new N8nProcess(options);
	try {
		await server.waitUntilReady(started + options.timeoutMs);
	} catch (error) {
		await server.stop();
		throw error;
	}
	server.startMs = Date.now() - started;
	return server;
}

class N8nProcess implements N8nServer {
	readonly baseUrl: string;
	readonly port: number;
	readonly pid: number;
	startMs = 0;
	private text = '';
	private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
	private readonly closed: Promise<void>;

	constructor(private readonly options: LaunchOptions) {
		this.port = options.port;
		this.baseUrl = `http://127.0.0.1:${options.port}`;
		const child: ChildProcess = spawn(options.node, [options.n8nBin, options.command], {
			cwd: options.cwd,
			env: options.env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		if (!child.pid) throw new Error('n8n start did not spawn');
		this.pid = child.pid;
		trackGroup(this.pid);
		const logStream = createWriteStream(options.logFile);
		const onData = (chunk: Buffer) => {
			this.text += chunk.toString('utf8');
			logStream.write(chunk);
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		this.closed = this.whenClosed(child, logStream);
	}

	private whenClosed(child: ChildProcess, logStream: WriteStream): Promise<void> {
		return new Promise<void>((resolve) => {
			child.on('close', (code, signal) => {
				this.exited = { code, signal };
				forgetGroup(this.pid);
				logStream.end();
				resolve();
			});
		});
	}

	webhookUrl(path: string): string {
		return `${this.baseUrl}/webhook/${path.replace(/^\/+/, '')}`;
	}

	output(): string {
		return this.text;
	}

	async waitForWebhook(path: string, method = 'POST', timeoutMs = 60_000): Promise<number> {
		const begun = Date.now();
		for (;;) {
			if (this.exited)
				throw new Error(`n8n exited while waiting for webhook ${path}:\n${tail(this.text)}`);
			const allowed = await this.preflight(path, method.toUpperCase());
			if (allowed.split(/\s*,\s*/).includes(method.toUpperCase())) return Date.now() - begun;
			if (Date.now() - begun > timeoutMs)
				throw new Error(
					`webhook ${method} ${path} not registered after ${timeoutMs} ms:\n${tail(this.text)}`,
				);
			await pause(200);
		}
	}

	/** The methods a CORS preflight of the webhook path allows ('' until it is registered). */
	private preflight(path: string, method: string): Promise<string> {
		return fetch(this.webhookUrl(path), {
			method: 'OPTIONS',
			headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
		}).then(
			(response) =>
				response.status === 204 ? (response.headers.get('access-control-allow-methods') ?? '') : '',
			() => '',
		);
	}

	async stop(): Promise<void> {
		if (!this.exited) {
			killGroup(this.pid, 'SIGTERM');
			const timeout = new Promise<void>((resolve) => setTimeout(resolve, 20_000).unref());
			await Promise.race([this.closed, timeout]);
		}
		killGroup(this.pid, 'SIGKILL'); // the runner child too, and n8n if it ignored SIGTERM
		await Promise.race([
			this.closed,
			new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref()),
		]);
		forgetGroup(this.pid);
		this.options.onStop(this);
	}

	async waitUntilReady(deadline: number): Promise<void> {
		const { command, readyLine, timeoutMs } = this.options;
		for (;;) {
			if (this.exited)
				throw new Error(
					`n8n ${command} exited early (${this.exited.code ?? this.exited.signal}):\n${tail(this.text)}`,
				);
			if (Date.now() > deadline)
				throw new Error(`n8n ${command} not ready after ${timeoutMs} ms:\n${tail(this.text)}`);
			if (this.text.includes(readyLine) && (command === 'worker' || (await this.healthy()))) return;
			await pause(200);
		}
	}

	private healthy(): Promise<boolean> {
		return fetch(`${this.baseUrl}/healthz`).then(
			(response) => response.ok,
			() => false,
		);
	}
}
