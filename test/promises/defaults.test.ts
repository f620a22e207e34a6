/* eslint-disable @typescript-eslint/no-unused-vars -- Node tooling, not published (DEVELOPERS.md) */
// docs/protocol.md, "Defaults and limits": every default and limit the docs and the README state,
// read from that table and compared with what the node does (measured through runs where a run
// can show it; the transport's timeouts and size cap as its exported settings). A row without a
// measurement, or a measurement without a row, fails too. The model-name rules (rule 5: OpenAI's
// own ids, dated snapshots included, are checked against their sizes and durations; on vLLM-Omni
// every sora-2 id is left out) hold as a property over generated model names.
import fc from 'fast-check';

import { SoraVideos } from '../../nodes/SoraVideos/SoraVideos.node';
import { transportSettings } from '../../nodes/SoraVideos/transport';
import { createParameters } from '../support/node-context';
import { listOf, tableRows } from './support/docs-table';
import { boundary, job, measureRun, mostAtOnce, seconds, type Measured } from './support/measure';
import { holds, PROPERTY_TIMEOUT_MS } from './support/property';
import { jsonAnswer as json, type WireAnswer, type WireRequest } from './support/wire';

const MP4_HEAD = Buffer.from('\0\0\0\x18ftypisom');

const failureText = ({ outcome }: Measured) =>
	'failure' in outcome ? outcome.failure.message : '';

/** Wait for Completion of a job that never finishes; `headers` on every status answer. */
async function waitOnRunningJob(options: object, headers: Record<string, string> = {}) {
	const running = job('v1', 'in_progress');
	return await measureRun(() => ({ ...running, headers: { ...running.headers, ...headers } }), {
		operation: 'waitForCompletion',
		videoId: 'v1',
		options,
	});
}

/** Waits on a never-finishing job with the options left out: the run that shows Max Wait and the poll schedule. */
let unboundedWait: Promise<Measured> | undefined;
const waitWithDefaults = async () => await (unboundedWait ??= waitOnRunningJob({}));

/** The sleeps of a Get that is answered 503 with `headers` every time (with Math.random at `random`). */
async function retrySleeps(headers: Record<string, string>, random?: number) {
	const spy = random === undefined ? undefined : jest.spyOn(Math, 'random').mockReturnValue(random);
	try {
		const measured = await measureRun(() => json(503, { error: { message: 'busy' } }, headers), {
			operation: 'get',
			videoId: 'v1',
		});
		return { sleeps: measured.clock.sleeps, requests: measured.seen.length };
	} finally {
		spy?.mockRestore();
	}
}

const download = (variant: string) => ({
	operation: 'download',
	videoId: 'v1',
	variant,
	binaryPropertyName: 'data',
});
const isContent = (request: WireRequest) => request.url.pathname.endsWith('/content');

/** A completed job whose content route answers with `content`. */
const completedWith = (content: (request: WireRequest) => WireAnswer) => (request: WireRequest) =>
	isContent(request) || request.url.pathname.startsWith('/r/')
		? content(request)
		: job('v1', 'completed');

async function redirectsFollowed(hops: number) {
	const measured = await measureRun(
		completedWith((request): WireAnswer => {
			const at = Number(/\/r\/(\d+)/.exec(request.url.pathname)?.[1] ?? 0);
			if (at >= hops)
				return { status: 200, headers: { 'content-type': 'video/mp4' }, body: MP4_HEAD };
			return { status: 302, headers: { location: `/r/${at + 1}` }, body: Buffer.alloc(0) };
		}),
		download('video'),
	);
	return 'output' in measured.outcome;
}

async function extensionOf(variant: string) {
	const { outcome } = await measureRun(
		completedWith(() => ({
			status: 200,
			headers: {},
			body: Buffer.from([0x00, 0x01, 0x02, 0xfe]),
		})),
		download(variant),
	);
	return 'output' in outcome
		? String(outcome.output[0].binary?.data.fileName).replace(/^.*\./, '')
		: failureText({ outcome } as Measured);
}

/** What every operation's requests get in the concurrency runs: a completed job, its file, a list. */
function answerAnything(request: WireRequest): WireAnswer {
	if (isContent(request)) return { status: 200, headers: {}, body: MP4_HEAD };
	if (request.method === 'DELETE') return json(200, { id: 'v', deleted: true });
	if (request.method === 'GET' && request.url.pathname === '/v1/videos')
		return json(200, { object: 'list', data: [] });
	return job('v', 'completed');
}

/** The most requests `held` picks that one operation has open at once, over nine items. */
const atOnce = async (operation: string, held = (_request: WireRequest) => true) =>
	await mostAtOnce(
		held,
		answerAnything,
		(index: number) => ({
			...createParameters,
			operation,
			prompt: `p ${index}`,
			videoId: `v${index}`,
			variant: 'video',
			binaryPropertyName: 'data',
			returnAll: true,
			options: operation === 'waitForCompletion' ? { download: true } : {},
		}),
		9,
	);

const agree = (values: Array<number | string>) =>
	new Set(values).size === 1 ? values[0] : values.join(' / ');

/** How each row of the table is measured, by the row's name. */
const measurements: Record<string, () => Promise<string | number>> = {
	'Max Wait when the option is absent': async () =>
		`${/did not finish within (\d+) s/.exec(failureText(await waitWithDefaults()))?.[1]} s`,
	'Automatic poll interval: first look': async () =>
		seconds((await waitWithDefaults()).clock.sleeps[0]),
	'Automatic poll interval: shortest': async () => {
		const hinted = await waitOnRunningJob({ maxWaitSeconds: 3 }, { 'openai-poll-after-ms': '1' });
		return seconds(hinted.clock.sleeps[0]);
	},
	'Automatic poll interval without progress: each look at this multiple of the age of the last':
		async () => {
			const [first, second] = (await waitWithDefaults()).clock.sleeps;
			return `${((first + second) / first).toFixed(1)}×`;
		},
	'Automatic poll interval: longest without a server hint': async () =>
		seconds(Math.max(...(await waitWithDefaults()).clock.sleeps)),
	'Server-directed delay (poll hint, Retry-After): longest': async () => {
		const hinted = await waitOnRunningJob(
			{ maxWaitSeconds: 100 },
			{ 'openai-poll-after-ms': '3600000' },
		);
		const retried = await retrySleeps({ 'retry-after': '3600' });
		return agree([hinted.clock.sleeps[0], retried.sleeps[0]].map(seconds));
	},
	'Retries after the first try': async () => (await retrySleeps({})).requests - 1,
	'Backoff before each retry': async () =>
		(await retrySleeps({}, 0)).sleeps.map(seconds).join(', '),
	'Backoff jitter: at most': async () => {
		const longest = (await retrySleeps({}, 0)).sleeps;
		const shortest = (await retrySleeps({}, 1 - Number.EPSILON)).sleeps;
		return `${agree(shortest.map((ms, index) => Math.round((1 - ms / longest[index]) * 100)))} %`;
	},
	'Stall timeout: a body that sends nothing for': async () =>
		seconds(transportSettings.idleTimeoutMs),
	'Time allowed until the response headers': async () =>
		seconds(transportSettings.responseTimeoutMs),
	'Redirects followed: at most': async () => await boundary(5, redirectsFollowed),
	'JSON answer: largest': async () => `${transportSettings.maxJsonBytes / 1024 / 1024} MiB`,
	"/content tries before the job's own URL": async () => {
		const { seen } = await measureRun(
			(request) =>
				isContent(request)
					? json(404, { error: { message: 'not ready' } })
					: request.url.pathname === '/file'
						? { status: 200, headers: {}, body: MP4_HEAD }
						: job('v1', 'completed', { url: `http://${request.headers.host}/file` }),
			download('video'),
		);
		return seen.filter(isContent).length;
	},
	'File extension of unknown bytes: video': async () => await extensionOf('video'),
	'File extension of unknown bytes: thumbnail': async () => await extensionOf('thumbnail'),
	'File extension of unknown bytes: spritesheet': async () => await extensionOf('spritesheet'),
	'Items at once: Create, Get, Download': async () =>
		agree([await atOnce('create'), await atOnce('get'), await atOnce('download')]),
	'Items at once: Remix, Delete, Get Many': async () =>
		agree([await atOnce('remix'), await atOnce('delete'), await atOnce('getMany')]),
	'Wait for Completion: status reads at once': async () =>
		await atOnce('waitForCompletion', (request) => !isContent(request)),
	'Wait for Completion: downloads at once': async () =>
		await atOnce('waitForCompletion', isContent),
	'Get Many: page size asked for': async () => {
		const { seen } = await measureRun(() => json(200, { object: 'list', data: [] }), {
			operation: 'getMany',
			returnAll: true,
			options: {},
		});
		return Number(seen[0].url.searchParams.get('limit'));
	},
	'Get Many: Limit default': async () =>
		new SoraVideos().description.properties.find((property) => property.name === 'limit')
			?.default as number,
	'Get Many: Limit largest': async () =>
		await boundary(10000, async (limit) => {
			const { outcome } = await measureRun(() => json(200, { object: 'list', data: [] }), {
				operation: 'getMany',
				returnAll: false,
				limit,
				options: {},
			});
			return 'output' in outcome;
		}),
	'Prompt: longest': async () =>
		`${await boundary(32000, async (length) => {
			const { outcome } = await measureRun(() => job('v1', 'queued'), {
				...createParameters,
				prompt: 'x'.repeat(length),
				options: { sendAsJson: true },
			});
			return 'output' in outcome;
		})} characters`,
};

const rows = tableRows('docs/protocol.md', 'defaults-table').map(([name, value]) => ({
	name,
	value,
}));

describe('docs/protocol.md, "Defaults and limits"', () => {
	it('has a measurement for every row and a row for every measurement', () => {
		expect(rows.map((row) => row.name).sort()).toEqual(Object.keys(measurements).sort());
	});

	it.each(rows)('$name: $value', async ({ name, value }) => {
		expect(String(await measurements[name]())).toBe(value);
	});
});

/** OpenAI's own model ids, as the models table lists them, with their sizes and durations. */
const openAiModels = new Map(
	tableRows('docs/protocol.md', 'models-table').flatMap(([ids, sizes, durations]) =>
		listOf(ids).map((id) => [id, { sizes: listOf(sizes), seconds: listOf(durations) }] as const),
	),
);
const knownIds = [...openAiModels.keys()];
const knownSizes = [...new Set([...openAiModels.values()].flatMap((model) => model.sizes))];

/** Every sora-2 and sora-2-pro id, with or without a date (the prose above the models table). */
const isSoraFamily = (model: string) => /^sora-2(-pro)?(-\d{4}-\d{2}-\d{2})?$/.test(model);

const modelName = fc.oneof(
	fc.constantFrom(...knownIds),
	fc
		.tuple(
			fc.boolean(),
			fc.date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
		)
		.map(([pro, date]) => `sora-2${pro ? '-pro' : ''}-${date.toISOString().slice(0, 10)}`),
	fc
		.constantFrom(...knownIds)
		.chain((id) =>
			fc.constantFrom(id.toUpperCase(), `openai/${id}`, `${id}-latest`, `${id}x`, `azure-${id}`),
		),
	fc.constantFrom('wan-2.2', 'veo-3', 'my-deployment', ''),
);

interface CreateCase {
	model: string;
	size: string;
	seconds: string;
	server: string;
}

/** A Create with `model`, `size` and `seconds`: refused before sending, or sent as the rules say. */
async function createsAsTheRulesSay({ model, size, seconds: duration, server }: CreateCase) {
	const sent = server === 'vllmOmni' && isSoraFamily(model) ? '' : model;
	const rules = openAiModels.get(sent);
	const refused =
		rules && !rules.seconds.includes(duration)
			? 'Seconds'
			: rules && !rules.sizes.includes(size)
				? 'Size'
				: undefined;
	const { outcome, seen } = await measureRun(
		() => job('v1', 'queued'),
		{ ...createParameters, model, size, seconds: duration, options: { sendAsJson: true } },
		{},
		{ server },
	);
	if (refused) {
		expect(failureText({ outcome } as Measured)).toMatch(`field "${refused}"`);
		expect(seen).toHaveLength(0);
		return;
	}
	expect(seen).toHaveLength(1);
	const body = JSON.parse(seen[0].body.toString()) as Record<string, unknown>;
	expect(body).toMatchObject({ size, seconds: duration });
	expect(body.model).toBe(sent === '' ? undefined : sent);
}

describe('rules keyed by model name', () => {
	it("accepts exactly the sizes and durations the models table lists for each of OpenAI's ids", async () => {
		for (const [model, rules] of openAiModels) {
			for (const size of [...knownSizes, '1x1'])
				await createsAsTheRulesSay({ model, size, seconds: rules.seconds[0], server: 'auto' });
			for (const duration of [...rules.seconds, '5', '24'])
				await createsAsTheRulesSay({
					model,
					size: rules.sizes[0],
					seconds: duration,
					server: 'auto',
				});
		}
	});

	it(
		"checks seconds and size for OpenAI's own model ids only, and leaves every sora-2 id out on vLLM-Omni",
		async () => {
			const cases = fc.record({
				model: modelName,
				size: fc.oneof(
					fc.constantFrom(...knownSizes),
					fc
						.tuple(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 4096 }))
						.map(([w, h]) => `${w}x${h}`),
				),
				seconds: fc.oneof(
					fc.constantFrom('4', '8', '12', '16', '20'),
					fc.integer({ min: 1, max: 30 }).map(String),
				),
				server: fc.constantFrom('auto', 'vllmOmni'),
			});
			await holds(cases, createsAsTheRulesSay, 60);
		},
		PROPERTY_TIMEOUT_MS,
	);
});
