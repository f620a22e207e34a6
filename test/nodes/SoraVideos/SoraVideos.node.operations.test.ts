// What holds for every operation of the node, run against the simulator: a video's whole life
// (create, wait with download, get, list, download, delete) on every server profile and over every
// framing a server may use, and the video ids no operation sends.
import type { IDataObject } from 'n8n-workflow';

import { SERVER_PROFILES, type SimulatorOptions } from '../../../simulator';
import { createParameters } from '../../support/node-context';
import {
	create,
	expectNoKey,
	run,
	sha256,
	simulator,
	useSimulators,
} from '../../support/node-harness';
import { useTransportSettings } from '../../support/transport-settings';

useSimulators();
describe.each(SERVER_PROFILES)('against the %s profile', (profile) => {
	it('creates, waits with download, gets and downloads the video', async () => {
		const sim = await simulator(profile);
		const job = await create(sim, profile);
		expect(job.id).toBeTruthy();
		expect(job.status).toMatch(/queued|in_progress/);

		const waited = await run(
			sim,
			{ operation: 'waitForCompletion', videoId: job.id, options: { download: true } },
			{ items: [{ json: job }] },
		);
		const done = waited.output[0];
		expect(done.json).toMatchObject({ id: job.id, status: 'completed', progress: 100 });
		expect(done.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		expect(done.binary?.data.fileName).toMatch(/\.mp4$/);
		expect(sha256(waited.fileOf(done))).toBe(await sim.expectedSha256(job.id));

		const got = await run(sim, { operation: 'get', videoId: job.id });
		expect(got.output[0].json).toMatchObject({ id: job.id, status: 'completed', seconds: '4' });

		const downloaded = await run(sim, {
			operation: 'download',
			videoId: job.id,
			variant: 'video',
			binaryPropertyName: 'movie',
		});
		expect(downloaded.output[0].binary?.movie.mimeType).toBe('video/mp4');
		expect(sha256(downloaded.fileOf(downloaded.output[0], 'movie'))).toBe(
			await sim.expectedSha256(job.id),
		);
		expectNoKey([waited.output, got.output, downloaded.output, waited.logs, waited.messages]);
	});
});

/** The framings some servers use besides plain JSON with its Content-Length. */
const framings: Array<[string, Partial<SimulatorOptions>]> = [
	['gzip-compressed JSON with the compressed Content-Length', { gzip: true }],
	['chunked answers', { chunked: true }],
];

describe.each(framings)('%s', (_name, framing) => {
	// Short enough that stalls cost seconds, long enough that a busy machine does not fake one.
	useTransportSettings({ idleTimeoutMs: 1000 });

	it('create, wait with download, get, get many, download a thumbnail and delete all work', async () => {
		const sim = await simulator('openai', framing);
		const created = await run(sim, createParameters);
		const job = created.output[0].json as IDataObject & { id: string };
		expect(job.status).toBe('queued');
		expect(sim.count('POST /videos')).toBe(1);

		const waited = await run(
			sim,
			{ operation: 'waitForCompletion', videoId: job.id, options: { download: true } },
			{ items: created.output },
		);
		expect(waited.output[0].json).toMatchObject({ id: job.id, status: 'completed' });
		expect(sha256(waited.fileOf(waited.output[0]))).toBe(await sim.expectedSha256(job.id));

		expect((await run(sim, { operation: 'get', videoId: job.id })).output[0].json).toMatchObject({
			id: job.id,
			status: 'completed',
		});
		expect(
			(await run(sim, { operation: 'getMany', returnAll: true, options: {} })).output.map(
				(item) => item.json.id,
			),
		).toEqual([job.id]);
		const thumbnail = await run(sim, {
			operation: 'download',
			videoId: job.id,
			variant: 'thumbnail',
			binaryPropertyName: 'data',
		});
		expect(sha256(thumbnail.fileOf(thumbnail.output[0]))).toBe(
			await sim.expectedSha256(job.id, 'thumbnail'),
		);
		expect((await run(sim, { operation: 'delete', videoId: job.id })).output[0].json).toMatchObject(
			{
				id: job.id,
				deleted: true,
			},
		);

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
});

describe('pre-flight checks send no request', () => {
	it.each([
		['', /the video ID is empty/],
		['  ', /the video ID is empty/],
		['../videos', /not a usable video ID/],
		['..', /not a usable video ID/],
	])('rejects the video id %j', async (videoId, message) => {
		const sim = await simulator();
		for (const operation of ['get', 'delete', 'remix', 'waitForCompletion', 'download']) {
			await expect(
				run(sim, {
					operation,
					videoId,
					prompt: 'p',
					variant: 'video',
					binaryPropertyName: 'data',
					options: {},
				}),
			).rejects.toThrow(message);
		}
		expect(sim.log()).toHaveLength(0);
	});
});
