/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// Throw-away Redis and PostgreSQL servers for n8n's queue mode (the e2e matrix's queue cells, the
// benchmark's queue-mode run at pipeline scale): Debian's
// `redis-server` and `postgresql` binaries (`.ci/run` installs them on a fresh machine), each on a
// free 127.0.0.1 port with its data in a temporary folder, stopped when the matrix ends (also on
// failure or Ctrl+C: every server is a process-group leader killed by an exit hook).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, killGroup } from './processes';

export interface Service {
	port: number;
	/** Environment that points n8n at this service. */
	env: Record<string, string>;
	stop(): Promise<void>;
}

export interface PostgresService extends Service {
	/** Creates a database; returns the environment that points n8n at it. */
	createDatabase(name: string): Record<string, string>;
}

const running = new Set<() => void>();
process.on('exit', () => {
	for (const kill of running) kill();
});

function log(line: string): void {
	console.log(`[services] ${line}`);
}

function which(command: string): string | undefined {
	const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	return found.status === 0 ? found.stdout.trim() : undefined;
}

async function waitUntil(what: string, ready: () => boolean, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!ready()) {
		if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** Why a queue-mode cell cannot run here, or undefined when redis-server and PostgreSQL are installed. */
export function missingServices(): string | undefined {
	const missing = [
		which('redis-server') ? undefined : 'redis-server',
		postgresBin('initdb') ? undefined : 'postgresql',
	].filter(Boolean);
	return missing.length === 0
		? undefined
		: `${missing.join(' and ')} not installed (Debian: apt-get install -y redis-server postgresql; .ci/run does it)`;
}

/** Redis without persistence, on 127.0.0.1 only. */
export async function startRedis(): Promise<Service> {
	const binary = which('redis-server');
	if (!binary) throw new Error(missingServices());
	const port = await freePort();
	const child = spawn(
		binary,
		[
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--save',
			'',
			'--appendonly',
			'no',
			'--protected-mode',
			'yes',
		],
		{ detached: true, stdio: 'ignore' },
	);
	const kill = () => killGroup(child.pid!, 'SIGKILL');
	running.add(kill);
	await waitUntil(
		`redis-server on port ${port}`,
		() =>
			spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], {
				encoding: 'utf8',
			}).stdout?.trim() === 'PONG',
	);
	log(`redis-server ${port} ready`);
	return {
		port,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		stop: async () => {
			kill();
			running.delete(kill);
		},
	};
}

/** Debian installs PostgreSQL's server programs under /usr/lib/postgresql/<major>/bin, off PATH. */
function postgresBin(program: string): string | undefined {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
	for (const major of majors) {
		const path = join(root, major, 'bin', program);
		if (existsSync(path)) return path;
	}
	return which(program);
}

/**
 * A fresh PostgreSQL cluster (trust authentication, 127.0.0.1 only) with one database per call
 * of `createDatabase`. initdb refuses to run as root, so as root the cluster belongs to the
 * `postgres` user Debian's package creates.
 */
export async function startPostgres(): Promise<PostgresService> {
	const initdb = postgresBin('initdb');
	const pgCtl = postgresBin('pg_ctl');
	const psql = which('psql') ?? postgresBin('psql');
	if (!initdb || !pgCtl || !psql)
		throw new Error(missingServices() ?? 'PostgreSQL programs not found');
	const asRoot = process.getuid?.() === 0;
	const user = asRoot ? 'postgres' : (process.env.USER ?? 'postgres');
	const run = (args: string[]) => {
		const command = asRoot ? ['runuser', '-u', 'postgres', '--', ...args] : args;
		const result = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', cwd: tmpdir() });
		if (result.status !== 0)
			throw new Error(`${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
		return result.stdout;
	};
	const folder = mkdtempSync(join(tmpdir(), 'sora-e2e-postgres-'));
	chmodSync(folder, 0o777); // the postgres user writes the cluster and its socket here
	const data = join(folder, 'data');
	const port = await freePort();
	run([initdb, '-D', data, '-U', user, '--auth=trust', '--no-sync', '-E', 'UTF8']);
	run([
		pgCtl,
		'-D',
		data,
		'-l',
		join(folder, 'server.log'),
		'-w',
		'-o',
		`-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`,
		'start',
	]);
	const stopServer = () => {
		spawnSync(
			asRoot ? 'runuser' : pgCtl,
			asRoot
				? ['-u', 'postgres', '--', pgCtl, '-D', data, '-m', 'immediate', 'stop']
				: ['-D', data, '-m', 'immediate', 'stop'],
			{ stdio: 'ignore', cwd: tmpdir() },
		);
		rmSync(folder, { recursive: true, force: true });
	};
	running.add(stopServer);
	log(`postgresql ${port} ready (${initdb.replace(/\/bin\/initdb$/, '')})`);
	const base = {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(port),
		DB_POSTGRESDB_USER: user,
		DB_POSTGRESDB_PASSWORD: '',
	};
	return {
		port,
		env: base,
		createDatabase: (name: string) => {
			run([
				psql,
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				user,
				'-d',
				'postgres',
				'-c',
				`CREATE DATABASE ${name}`,
			]);
			return { ...base, DB_POSTGRESDB_DATABASE: name };
		},
		stop: async () => {
			stopServer();
			running.delete(stopServer);
		},
	};
}

/** n8n's queue mode on these servers, with a PostgreSQL database and Redis key prefix of its own. */
export function queueModeEnvironment(
	redis: Service,
	postgres: PostgresService,
	name: string,
): Record<string, string> {
	const database = `n8n_${name.replace(/[^a-z0-9]/gi, '_')}`;
	return {
		...postgres.createDatabase(database),
		...redis.env,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_PREFIX: database,
	};
}
