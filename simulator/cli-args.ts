import { DEFAULT_API_KEY, DEFAULT_SERVED_MODEL } from './options';
import {
	FAULT_KINDS,
	ALL_PROFILES,
	type FaultKind,
	type ServerProfile,
	type SimulatorOptions,
} from './types';

/**
 * Command-line flags of `npx sora-videos-simulator` (`npm run simulator` in a clone). One table
 * drives both parsing and --help, so a flag cannot exist without being documented.
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

/** The options a value of type V can be stored in. */
type OptionsTaking<V> = {
	[K in keyof SimulatorOptions]-?: V extends SimulatorOptions[K] ? K : never;
}[keyof SimulatorOptions];

const numberFlag = (
	name: string,
	value: string,
	help: string,
	key: OptionsTaking<number>,
): Flag => ({
	name,
	value,
	help,
	apply: (o, v) => (o[key] = number(name, v)),
});

const textFlag = (name: string, value: string, help: string, key: OptionsTaking<string>): Flag => ({
	name,
	value,
	help,
	apply: (o, v) => (o[key] = v),
});

const switchFlag = (name: string, help: string, key: OptionsTaking<true>): Flag => ({
	name,
	value: null,
	help,
	apply: (o) => (o[key] = true),
});

export const FLAGS: Flag[] = [
	numberFlag(
		'--port',
		'<n>',
		`port to listen on, 127.0.0.1 only (default ${CLI_DEFAULT_PORT}; 0 = any free port)`,
		'port',
	),
	textFlag('--key', '<key>', `API key clients must send (default ${DEFAULT_API_KEY})`, 'apiKey'),
	{
		name: '--profile',
		value: '<name>',
		help: `server to imitate: ${ALL_PROFILES.join(', ')} (default openai)`,
		apply: (o, v) => {
			if (!ALL_PROFILES.includes(v as ServerProfile))
				throw new Error(`--profile must be one of ${ALL_PROFILES.join(', ')}`);
			o.profile = v as ServerProfile;
		},
	},
	numberFlag(
		'--render-ms',
		'<ms>',
		'time from create to completed for sora-2 (default 8000)',
		'renderMs',
	),
	numberFlag(
		'--pro-render-factor',
		'<n>',
		"render-time multiplier for models containing 'pro' (default 2)",
		'proRenderFactor',
	),
	numberFlag(
		'--queue-ms',
		'<ms>',
		"time spent 'queued' (default min(1000, render-ms/10))",
		'queueMs',
	),
	numberFlag(
		'--asset-lifetime-s',
		'<s>',
		'seconds from completion until content expires (default 3600)',
		'assetLifetimeSeconds',
	),
	textFlag(
		'--moderation-marker',
		'<text>',
		"prompts containing it fail with moderation_blocked (default '[moderation]')",
		'moderationMarker',
	),
	textFlag(
		'--engine-error-marker',
		'<text>',
		"prompts containing it fail with an engine error, CUDA out of memory (default '[engine-error]')",
		'engineErrorMarker',
	),
	textFlag(
		'--served-model',
		'<name>',
		`the model the vllm-omni, sglang and trt profiles serve and list at /models; vllm-omni refuses any other name (default ${DEFAULT_SERVED_MODEL})`,
		'servedModel',
	),
	numberFlag(
		'--fault-rate',
		'<0..1>',
		'probability that a GET/DELETE gets a transient fault (default 0)',
		'faultRate',
	),
	numberFlag('--fault-seed', '<n>', 'seed of the fault sequence (default 1)', 'faultSeed'),
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
	numberFlag(
		'--max-consecutive-faults',
		'<n>',
		'never fault the same request more often in a row (default 3)',
		'maxConsecutiveFaults',
	),
	switchFlag(
		'--drop-create',
		'accept POST /videos, then drop the connection without answering',
		'dropCreateConnection',
	),
	numberFlag(
		'--poll-after-ms',
		'<ms>',
		'send openai-poll-after-ms on GET /videos/{id}',
		'pollAfterMs',
	),
	switchFlag(
		'--content-redirect',
		'/content answers 302 to a second origin that needs no auth',
		'contentRedirect',
	),
	switchFlag(
		'--render-ahead',
		"render each job's MP4 when it is created, not on its first download",
		'renderAhead',
	),
	numberFlag(
		'--content-failures',
		'<n>',
		"the first n /content requests of each completed job answer 404 'not ready' (-1 = always; default 0)",
		'contentFailures',
	),
	{
		name: '--retired',
		value: '404|410',
		help: 'create answers 404 model_not_found (OpenAI) or 410 Gone (Azure)',
		apply: (o, v) => {
			if (v !== '404' && v !== '410') throw new Error('--retired must be 404 or 410');
			o.retired = v;
		},
	},
	numberFlag(
		'--video-bytes',
		'<n>',
		'pad the MP4 to exactly this many bytes (a valid free box; streamed)',
		'videoBytes',
	),
	switchFlag(
		'--gzip',
		'gzip JSON answers (Content-Length of the compressed bytes) when the request accepts gzip',
		'gzip',
	),
	switchFlag(
		'--chunked',
		'send every answer chunked (Transfer-Encoding: chunked, no Content-Length)',
		'chunked',
	),
	switchFlag(
		'--validate-requests',
		'also check request bodies against the OpenAPI request schemas',
		'validateRequests',
	),
	switchFlag(
		'--validate-responses',
		'check JSON answers against the OpenAPI response schemas (openai profile)',
		'validateResponses',
	),
	numberFlag(
		'--stall-ms',
		'<ms>',
		"how long a 'stall' fault holds the body (default 30000)",
		'stallMs',
	),
	textFlag(
		'--log-file',
		'<path>',
		'append the request log (JSON lines, secrets redacted) to this file',
		'logFile',
	),
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
		'Usage: npx sora-videos-simulator [flags]   (in a clone of the repository: npm run simulator -- [flags])',
		'',
		...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
		'',
	].join('\n');
}
