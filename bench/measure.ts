/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// Measuring tools of `npm run bench` (bench/run.ts): a memory sampler that runs in its own
// process, a raw loopback download (the "ideal" client), machine facts and a few statistics.
// Nothing here knows about n8n's internals; bench/n8n-runs.ts runs n8n.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statfsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

// ---------------------------------------------------------------------------------------------
// Memory sampler

export interface RssSample {
	/** Date.now() when read. */
	t: number;
	/** VmRSS in bytes. */
	rss: number;
	/** VmHWM (peak RSS so far) in bytes. */
	hwm: number;
	/** CPU time used so far (user + system), in ms. */
	cpuMs: number;
}

export interface RssSampler {
	/** Resolves with the pid once the sampler found the process (rejects if it never appears). */
	found: Promise<number>;
	/** Stops sampling and returns every sample (the process may already have exited). */
	stop(): Promise<RssSample[]>;
}

/**
 * The sampler runs as a separate Node process, so the benchmark's own event loop (which also
 * serves the simulator's bytes) cannot delay its readings. It looks for the process whose command
 * line contains every `match` string, then reads /proc/<pid>/status every `intervalMs` and prints
 * one JSON line per sample, until the process exits or the sampler is stopped.
 */
const SAMPLER = String.raw`
const fs = require('node:fs');
const match = JSON.parse(process.argv[1]);
const intervalMs = Number(process.argv[2]);
const self = String(process.pid);
const ticks = Number(process.argv[3]) || 100;
const parent = process.ppid;
let pid;
function find() {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || entry === self) continue;
    let cmd;
    try { cmd = fs.readFileSync('/proc/' + entry + '/cmdline', 'utf8').split('\0').join(' '); } catch { continue; }
    if (match.every((part) => cmd.includes(part))) return Number(entry);
  }
  return undefined;
}
function kb(text, field) {
  const m = new RegExp('^' + field + ':\\s+(\\d+) kB', 'm').exec(text);
  return m ? Number(m[1]) * 1024 : 0;
}
const timer = setInterval(() => {
  // The benchmark is gone (killed): stop rather than scan /proc forever.
  if (process.ppid !== parent) process.exit(0);
  if (pid === undefined) {
    pid = find();
    if (pid === undefined) return;
    process.stdout.write(JSON.stringify({ pid }) + '\n');
  }
  let status;
  try { status = fs.readFileSync('/proc/' + pid + '/status', 'utf8'); } catch { clearInterval(timer); process.stdout.write(JSON.stringify({ exited: Date.now() }) + '\n'); return; }
  if (/^State:\s+Z/m.test(status)) { clearInterval(timer); process.stdout.write(JSON.stringify({ exited: Date.now() }) + '\n'); return; }
  let cpuMs = 0;
  try {
    const fields = fs.readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1].split(' ');
    cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
  } catch {}
  process.stdout.write(JSON.stringify({ t: Date.now(), rss: kb(status, 'VmRSS'), hwm: kb(status, 'VmHWM'), cpuMs }) + '\n');
}, intervalMs);
process.on('SIGTERM', () => { clearInterval(timer); process.exit(0); });
`;

export function startRssSampler(
	match: string[],
	options: { intervalMs?: number; findTimeoutMs?: number } = {},
): RssSampler {
	const clockTicks =
		Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
	const child = spawn(
		process.execPath,
		['-e', SAMPLER, JSON.stringify(match), String(options.intervalMs ?? 50), String(clockTicks)],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const samples: RssSample[] = [];
	let buffered = '';
	let resolveFound: (pid: number) => void = () => undefined;
	let rejectFound: (error: Error) => void = () => undefined;
	const found = new Promise<number>((resolve, reject) => {
		resolveFound = resolve;
		rejectFound = reject;
	});
	found.catch(() => undefined);
	const findTimer = setTimeout(
		() => rejectFound(new Error(`no process matching ${JSON.stringify(match)} appeared`)),
		options.findTimeoutMs ?? 120_000,
	);
	child.stdout.on('data', (chunk: Buffer) => {
		buffered += chunk.toString('utf8');
		let newline: number;
		while ((newline = buffered.indexOf('\n')) >= 0) {
			const line = buffered.slice(0, newline);
			buffered = buffered.slice(newline + 1);
			try {
				const parsed = JSON.parse(line) as Partial<RssSample> & { pid?: number };
				if (parsed.pid !== undefined) {
					clearTimeout(findTimer);
					resolveFound(parsed.pid);
				} else if (parsed.t !== undefined) samples.push(parsed as RssSample);
			} catch {
				// a partial line at stop
			}
		}
	});
	const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
	return {
		found,
		async stop() {
			clearTimeout(findTimer);
			rejectFound(new Error('sampler stopped before the process appeared'));
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			await closed;
			return samples;
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Raw loopback download: node:http → fs write stream, in its own process under the given Node

export interface RawDownload {
	status: number;
	bytes: number;
	/** Date.now() just before the request was sent. */
	startMs: number;
	/** Date.now() when the write stream finished (every byte handed to the file). */
	endMs: number;
	/** CPU time of the copying process (user + system) over its whole life, in ms. */
	cpuMs: number;
	/** The copying process's V8 heap in use at the end. */
	heapUsed?: number;
}

const RAW_COPY = String.raw`
const http = require('node:http');
const fs = require('node:fs');
const [url, file] = process.argv.slice(1);
// Optionally hold a live heap of this size first (many small objects, like a big application's).
const liveHeap = [];
const heapTarget = Number(process.env.BENCH_LIVE_HEAP_BYTES || 0);
for (let i = 0; process.memoryUsage().heapUsed < heapTarget; i++) {
  for (let j = 0; j < 10000; j++) liveHeap.push({ index: i * 10000 + j, name: 'item ' + j, list: [j] });
}
setTimeout(() => {
  const startMs = Date.now();
  const request = http.get(url, { headers: { authorization: 'Bearer ' + process.env.BENCH_API_KEY } }, (response) => {
    if (response.statusCode !== 200) {
      console.log(JSON.stringify({ status: response.statusCode, bytes: 0, startMs, endMs: Date.now(), cpuMs: 0 }));
      response.resume();
      return;
    }
    let bytes = 0;
    response.on('data', (chunk) => { bytes += chunk.length; });
    const out = fs.createWriteStream(file);
    response.pipe(out);
    out.on('finish', () => {
      const endMs = Date.now();
      const cpu = process.cpuUsage();
      console.log(JSON.stringify({ status: 200, bytes, startMs, endMs, cpuMs: (cpu.user + cpu.system) / 1000, heapUsed: process.memoryUsage().heapUsed, live: liveHeap.length }));
    });
    out.on('error', (error) => { console.error(error.message); process.exit(1); });
  });
  request.on('error', (error) => { console.error(error.message); process.exit(1); });
}, Number(process.env.BENCH_DELAY_MS || 0));
`;

/**
 * Downloads `url` into `file` with plain node:http and a write stream, in a child process running
 * `nodeBinary`; `delayMs` idles first (so a memory sampler can take a baseline); `liveHeapBytes`
 * makes it hold that much live V8 heap during the copy (an application-sized heap).
 */
export function rawDownload(
	nodeBinary: string,
	url: string,
	apiKey: string,
	file: string,
	delayMs = 0,
	liveHeapBytes = 0,
): Promise<RawDownload> {
	return new Promise((resolve, reject) => {
		const env = {
			...process.env,
			NODE_OPTIONS: '',
			BENCH_API_KEY: apiKey,
			BENCH_DELAY_MS: String(delayMs),
			BENCH_LIVE_HEAP_BYTES: String(liveHeapBytes),
		};
		const child = spawn(nodeBinary, ['-e', RAW_COPY, url, file], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env,
		});
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
		child.on('error', reject);
		child.on('close', (code) => {
			try {
				const result = JSON.parse(out.trim().split('\n').pop() ?? '') as RawDownload;
				if (code !== 0) throw new Error(`exit ${code}`);
				resolve(result);
			} catch (error) {
				reject(
					new Error(
						`raw download of ${url} failed (${(error as Error).message}): ${err.trim() || out.trim()}`,
					),
				);
			}
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Machine

export interface MachineInfo {
	cpuModel: string;
	nproc: number;
	memoryGiB: number;
	kernel: string;
	benchNode: string;
	n8nNode: string;
}

/** The machine's 1-minute load average now, for a scenario's details (other work shares the CPUs). */
export const loadNow = (): string => `load average ${loadavg()[0]!.toFixed(2)}`;

export function machineInfo(n8nNodeBinary: string): MachineInfo {
	let cpuModel = cpus()[0]?.model ?? 'unknown';
	try {
		const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
		const match = /^model name\s*:\s*(.+)$/m.exec(cpuinfo);
		const mhz = /^cpu MHz\s*:\s*([\d.]+)$/m.exec(cpuinfo);
		if (match)
			cpuModel = `${match[1]!.trim()}${mhz ? ` at ${Math.round(Number(mhz[1]))} MHz` : ''}`;
	} catch {
		// not Linux
	}
	const nprocRun = spawnSync('nproc', [], { encoding: 'utf8' });
	const nproc = nprocRun.status === 0 ? Number(nprocRun.stdout.trim()) : cpus().length;
	const n8nNode = spawnSync(n8nNodeBinary, ['--version'], { encoding: 'utf8' }).stdout.trim();
	const kernel = spawnSync('uname', ['-sr'], { encoding: 'utf8' }).stdout.trim();
	return {
		cpuModel,
		nproc,
		memoryGiB: totalmem() / 2 ** 30,
		kernel,
		benchNode: process.version,
		n8nNode,
	};
}

/** Free bytes on the filesystem holding `path`. */
export function freeBytes(path: string): number {
	const stats = statfsSync(path);
	return Number(stats.bavail) * Number(stats.bsize);
}

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

export function median(values: number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const MiB = 2 ** 20;
export const GiB = 2 ** 30;

export function formatBytes(bytes: number): string {
	if (Math.abs(bytes) >= GiB) return `${(bytes / GiB).toFixed(2)} GiB`;
	if (Math.abs(bytes) >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
	if (Math.abs(bytes) >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
	return `${bytes} B`;
}

export function formatSeconds(ms: number, digits = 2): string {
	return `${(ms / 1000).toFixed(digits)} s`;
}

export const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
export const ratio = (value: number) => `${value.toFixed(2)}×`;
/** Throughput in MiB/s. */
export const mibps = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);

/** A plain text table with a header row and aligned columns. */
export function textTable(header: string[], rows: string[][]): string {
	const widths = header.map((title, column) =>
		Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
	);
	const line = (cells: string[]) =>
		cells
			.map((cell, column) => cell.padEnd(widths[column]!))
			.join('  ')
			.trimEnd();
	return [
		line(header),
		widths.map((width) => '-'.repeat(width)).join('  '),
		...rows.map(line),
	].join('\n');
}

/** The same table in Markdown. */
export function markdownTable(header: string[], rows: string[][]): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	return [
		`| ${header.map(escape).join(' | ')} |`,
		`|${header.map(() => '---').join('|')}|`,
		...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
	].join('\n');
}
