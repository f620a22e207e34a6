import { DEFAULT_API_KEY, DEFAULT_SERVED_MODEL } from './options';
import {
	FAULT_KINDS,
	SERVER_PROFILES,
	type FaultKind,
	type ServerProfile,
	type SimulatorOptions,
} from './types';

/**
 * Command-line flags of `npm run simulator`. One table drives both parsing and --help, so a
 * flag cannot exist without being documented.
 */

export const CLI_DEFAULT_PORT = 4010;

interface Flag {
	name: string;
	value: string | null; // placeholder shown in --help; null for a boolean switch
	help: string;
	apply(options: Partial<SimulatorOptions>, value: string): void;
}

function number(flag: string, value: string): number {
	const parsed = Number(value);
	if (value.trim() === '' || !Number.isFinite(parsed))
		throw new Error(`${flag} expects a number, got '${value}'`);
	return parsed;
}

export const FLAGS: Flag[] = [
	{
		name: '--port',
		value: '<n>',
		help: `port to listen on, 127.0.0.1 only (default ${CLI_DEFAULT_PORT}; 0 = any free port)`,
		apply: (o, v) => (o.port = number('--port', v)),
	},
	{
		name: '--key',
		value: '<key>',
		help: `API key clients must send (default ${DEFAULT_API_KEY})`,
		apply: (o, v) => (o.apiKey = v),
	},
	{
		name: '--profile',
		value: '<name>',
		help: `server to imitate: ${SERVER_PROFILES.join(', ')} (default openai)`,
		apply: (o, v) => {
			if (!SERVER_PROFILES.includes(v as ServerProfile))
				throw new Error(`--profile must be one of ${SERVER_PROFILES.join(', ')}`);
			o.profile = v as ServerProfile;
		},
	},
	{
		name: '--render-ms',
		value: '<ms>',
		help: 'time from create to completed for sora-2 (default 8000)',
		apply: (o, v) => (o.renderMs = number('--render-ms', v)),
	},
	{
		name: '--pro-render-factor',
		value: '<n>',
		help: "render-time multiplier for models containing 'pro' (default 2)",
		apply: (o, v) => (o.proRenderFactor = number('--pro-render-factor', v)),
	},
	{
		name: '--queue-ms',
		value: '<ms>',
		help: "time spent 'queued' (default min(1000, render-ms/10))",
		apply: (o, v) => (o.queueMs = number('--queue-ms', v)),
	},
	{
		name: '--asset-lifetime-s',
		value: '<s>',
		help: 'seconds from completion until content expires (default 3600)',
		apply: (o, v) => (o.assetLifetimeSeconds = number('--asset-lifetime-s', v)),
	},
	{
		name: '--moderation-marker',
		value: '<text>',
		help: "prompts containing it fail with moderation_blocked (default '[moderation]')",
		apply: (o, v) => (o.moderationMarker = v),
	},
	{
		name: '--engine-error-marker',
		value: '<text>',
		help: "prompts containing it fail with an engine error, CUDA out of memory (default '[engine-error]')",
		apply: (o, v) => (o.engineErrorMarker = v),
	},
	{
		name: '--served-model',
		value: '<name>',
		help: `the model the vllm-omni, sglang and trt profiles serve and list at /models; vllm-omni refuses any other name (default ${DEFAULT_SERVED_MODEL})`,
		apply: (o, v) => (o.servedModel = v),
	},
	{
		name: '--fault-rate',
		value: '<0..1>',
		help: 'probability that a GET/DELETE gets a transient fault (default 0)',
		apply: (o, v) => (o.faultRate = number('--fault-rate', v)),
	},
	{
		name: '--fault-seed',
		value: '<n>',
		help: 'seed of the fault sequence (default 1)',
		apply: (o, v) => (o.faultSeed = number('--fault-seed', v)),
	},
	{
		name: '--fault-kinds',
		value: '<list>',
		help: `comma-separated subset of ${FAULT_KINDS.join(',')} (default all)`,
		apply: (o, v) => {
			const kinds = v
				.split(',')
				.map((k) => k.trim())
				.filter(Boolean);
			const unknown = kinds.filter((k) => !FAULT_KINDS.includes(k as FaultKind));
			if (unknown.length > 0)
				throw new Error(`--fault-kinds: unknown kind(s) ${unknown.join(', ')}`);
			o.faultKinds = kinds as FaultKind[];
		},
	},
	{
		name: '--max-consecutive-faults',
		value: '<n>',
		help: 'never fault the same request more often in a row (default 3)',
		apply: (o, v) => (o.maxConsecutiveFaults = number('--max-consecutive-faults', v)),
	},
	{
		name: '--drop-create',
		value: null,
		help: 'accept POST /videos, then drop the connection without answering',
		apply: (o) => (o.dropCreateConnection = true),
	},
	{
		name: '--poll-after-ms',
		value: '<ms>',
		help: 'send openai-poll-after-ms on GET /videos/{id}',
		apply: (o, v) => (o.pollAfterMs = number('--poll-after-ms', v)),
	},
	{
		name: '--content-redirect',
		value: null,
		help: '/content answers 302 to a second origin that needs no auth',
		apply: (o) => (o.contentRedirect = true),
	},
	{
		name: '--render-ahead',
		value: null,
		help: "render each job's MP4 when it is created, not on its first download",
		apply: (o) => (o.renderAhead = true),
	},
	{
		name: '--content-failures',
		value: '<n>',
		help: "the first n /content requests of each completed job answer 404 'not ready' (-1 = always; default 0)",
		apply: (o, v) => (o.contentFailures = number('--content-failures', v)),
	},
	{
		name: '--retired',
		value: '404|410',
		help: 'create answers 404 model_not_found (OpenAI) or 410 Gone (Azure)',
		apply: (o, v) => {
			if (v !== '404' && v !== '410') throw new Error('--retired must be 404 or 410');
			o.retired = v;
		},
	},
	{
		name: '--video-bytes',
		value: '<n>',
		help: 'pad the MP4 to exactly this many bytes (a valid free box; streamed)',
		apply: (o, v) => (o.videoBytes = number('--video-bytes', v)),
	},
	{
		name: '--gzip',
		value: null,
		help: 'gzip JSON answers (Content-Length of the compressed bytes) when the request accepts gzip',
		apply: (o) => (o.gzip = true),
	},
	{
		name: '--chunked',
		value: null,
		help: 'send every answer chunked (Transfer-Encoding: chunked, no Content-Length)',
		apply: (o) => (o.chunked = true),
	},
	{
		name: '--validate-requests',
		value: null,
		help: 'also check request bodies against the OpenAPI request schemas',
		apply: (o) => (o.validateRequests = true),
	},
	{
		name: '--validate-responses',
		value: null,
		help: 'check JSON answers against the OpenAPI response schemas (openai profile)',
		apply: (o) => (o.validateResponses = true),
	},
	{
		name: '--stall-ms',
		value: '<ms>',
		help: "how long a 'stall' fault holds the body (default 30000)",
		apply: (o, v) => (o.stallMs = number('--stall-ms', v)),
	},
	{
		name: '--log-file',
		value: '<path>',
		help: 'append the request log (JSON lines, secrets redacted) to this file',
		apply: (o, v) => (o.logFile = v),
	},
];

export interface CliArgs {
	help: boolean;
	quiet: boolean;
	options: Partial<SimulatorOptions>;
}

export function parseCliArgs(argv: string[]): CliArgs {
	const args: CliArgs = { help: false, quiet: false, options: { port: CLI_DEFAULT_PORT } };
	for (let i = 0; i < argv.length; i++) {
		const [name, inline] = argv[i].split(/=(.*)/s, 2) as [string, string | undefined];
		if (name === '--help' || name === '-h') {
			args.help = true;
			continue;
		}
		if (name === '--quiet') {
			args.quiet = true;
			continue;
		}
		const flag = FLAGS.find((f) => f.name === name);
		if (!flag) throw new Error(`Unknown flag '${argv[i]}'. Run with --help for the list.`);
		if (flag.value === null) {
			flag.apply(args.options, '');
			continue;
		}
		const value = inline ?? argv[++i];
		if (value === undefined) throw new Error(`${name} needs a value (${flag.value})`);
		flag.apply(args.options, value);
	}
	return args;
}

export function helpText(): string {
	const rows = [
		...FLAGS.map((f) => [f.value ? `${f.name} ${f.value}` : f.name, f.help]),
		['--quiet', 'do not print one line per request'],
		['--help', 'show this help'],
	];
	const width = Math.max(...rows.map(([left]) => left.length)) + 2;
	return [
		'Local simulator of the OpenAI Videos API (Sora): create, poll, list, download, remix, delete.',
		'',
		'Usage: npm run simulator -- [flags]',
		'',
		...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
		'',
	].join('\n');
}
