/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// Child process bookkeeping for the n8n processes the e2e suite starts: every child is a
// process-group leader (n8n starts its task runner as a child of its own), and the groups still
// alive and the user folders not yet removed are cleaned up when this process exits, also on
// Ctrl+C or a crash.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';

const liveGroups = new Set<number>();
/** User folders to remove if the process exits before their instance is disposed (Ctrl+C, crash). */
const foldersToRemove = new Set<string>();
let exitHookInstalled = false;

export function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
		for (const folder of foldersToRemove) rmSync(folder, { recursive: true, force: true });
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			console.error(`\nreceived ${signal}; stopping n8n processes`);
			process.exit(130);
		});
	}
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is gone
	}
}

/** A process group to kill on exit until `forgetGroup`. */
export function trackGroup(pid: number): void {
	liveGroups.add(pid);
}

export function forgetGroup(pid: number): void {
	liveGroups.delete(pid);
}

/** A folder to remove on exit until `forgetFolder`. */
export function removeFolderOnExit(folder: string): void {
	foldersToRemove.add(folder);
}

export function forgetFolder(folder: string): void {
	foldersToRemove.delete(folder);
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** The last `lines` lines of a process's output, for error messages. */
export function tail(text: string, lines = 30): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export interface CliResult {
	args: string[];
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
	timedOut: boolean;
}

/** Runs `node <args>` to completion in its own process group, killed after `timeoutMs`. */
export async function runInOwnGroup(
	node: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Omit<CliResult, 'args'>> {
	const started = Date.now();
	const child = spawn(node, args, {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid) trackGroup(child.pid);
	const out: Buffer[] = [];
	const err: Buffer[] = [];
	child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
	child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		if (child.pid) killGroup(child.pid, 'SIGKILL');
	}, options.timeoutMs);
	const { code, signal } = await new Promise<{
		code: number | null;
		signal: NodeJS.Signals | null;
	}>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (c, s) => resolve({ code: c, signal: s }));
	});
	clearTimeout(timer);
	if (child.pid) {
		// The task runner is a child of n8n; make sure nothing of the group survives.
		killGroup(child.pid, 'SIGKILL');
		forgetGroup(child.pid);
	}
	return {
		code,
		signal,
		stdout: Buffer.concat(out).toString('utf8'),
		stderr: Buffer.concat(err).toString('utf8'),
		ms: Date.now() - started,
		timedOut,
	};
}
