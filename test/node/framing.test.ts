// Servers frame their answers in more than one way: Starlette's GZipMiddleware and compressing
// proxies gzip JSON and send the Content-Length of the compressed bytes; others send every answer
// chunked. Every operation works over both, and a compressed answer cut short is retried, not
// mistaken for a whole one (nor a whole one for a cut one).
import type { IDataObject } from 'n8n-workflow';

import { transportSettings } from '../../nodes/SoraVideos/transport';
import type { Simulator, SimulatorOptions } from '../../simulator';
import { failureOf, type RunOptions } from '../support/node-context';
import { run as runAgainst, sha256, simulator, useSimulators } from '../support/node-harness';

useSimulators();
let sim: Simulator;

async function start(options: Partial<SimulatorOptions>) {
	sim = await simulator('openai', options);
}

// Short enough that stalls cost seconds, long enough that a busy machine does not fake one.
beforeEach(() => {
	transportSettings.idleTimeoutMs = 1000;
});
afterEach(() => {
	transportSettings.idleTimeoutMs = 60_000;
});

const run = async (parameters: RunOptions['parameters'], rest: Partial<RunOptions> = {}) =>
	await runAgainst(sim, parameters, rest);

const createParameters = {
	operation: 'create',
	prompt: 'a kite over dunes',
	model: 'sora-2',
	seconds: '4',
	size: '720x1280',
	options: {},
};

describe.each([
	['gzip-compressed JSON with the compressed Content-Length', { gzip: true }],
	['chunked answers', { chunked: true }],
] as Array<[string, Partial<SimulatorOptions>]>)('%s', (_name, framing) => {
	it('create, wait with download, get, get many, download a thumbnail and delete all work', async () => {
		await start(framing);
		const created = await run(createParameters);
		const job = created.output[0].json as IDataObject & { id: string };
		expect(job.status).toBe('queued');
		expect(sim.count('POST /videos')).toBe(1);

		const waited = await run(
			{ operation: 'waitForCompletion', videoId: job.id, options: { download: true } },
			{ items: created.output },
		);
		expect(waited.output[0].json).toMatchObject({ id: job.id, status: 'completed' });
		expect(sha256(waited.fileOf(waited.output[0]))).toBe(await sim.expectedSha256(job.id));

		expect((await run({ operation: 'get', videoId: job.id })).output[0].json).toMatchObject({
			id: job.id,
			status: 'completed',
		});
		expect(
			(await run({ operation: 'getMany', returnAll: true, options: {} })).output.map(
				(item) => item.json.id,
			),
		).toEqual([job.id]);
		const thumbnail = await run({
			operation: 'download',
			videoId: job.id,
			variant: 'thumbnail',
			binaryPropertyName: 'data',
		});
		expect(sha256(thumbnail.fileOf(thumbnail.output[0]))).toBe(
			await sim.expectedSha256(job.id, 'thumbnail'),
		);
		expect((await run({ operation: 'delete', videoId: job.id })).output[0].json).toMatchObject({
			id: job.id,
			deleted: true,
		});

		if (framing.gzip) {
			const compressed = new Set(
				sim
					.log()
					.filter((entry) => entry.contentEncoding === 'gzip')
					.map((entry) => entry.route),
			);
			expect(compressed).toEqual(
				new Set(['POST /videos', 'GET /videos/{id}', 'GET /videos', 'DELETE /videos/{id}']),
			);
		} else {
			expect(sim.log().every((entry) => entry.contentEncoding === undefined)).toBe(true);
		}
	});

	it.each(['truncate', 'stall', 'reset'] as const)(
		'a status answer that is cut short (%s) is retried and the job is read whole',
		async (fault) => {
			await start(framing);
			const job = (await run(createParameters)).output[0].json as IDataObject & { id: string };
			sim.configure({ faultRate: 1, faultKinds: [fault], maxConsecutiveFaults: 2 });
			const got = await run({ operation: 'get', videoId: job.id });
			expect(got.output[0].json).toMatchObject({ id: job.id, object: 'video' });
			const reads = sim.log().filter((entry) => entry.route === 'GET /videos/{id}');
			expect(reads.map((entry) => entry.fault)).toEqual([fault, fault, null]);
		},
	);
});

it('a body that stops part-way on every try says the server stopped sending, not that the Base URL is wrong', async () => {
	await start({ gzip: true });
	const job = (await run(createParameters)).output[0].json as IDataObject & { id: string };
	sim.configure({ faultRate: 1, faultKinds: ['stall'], maxConsecutiveFaults: 100 });
	const failure = await failureOf(run({ operation: 'get', videoId: job.id }));
	expect(failure.message).toMatch(/the server stopped sending: nothing received for 1000 ms/);
	expect(failure.description).toMatch(/answered, then stopped sending part-way/);
	expect(failure.description).not.toMatch(/reachable/);
});
