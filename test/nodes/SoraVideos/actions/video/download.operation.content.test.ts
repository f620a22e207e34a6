/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { createServer, type ServerResponse } from 'node:http';

import { transportSettings } from '../../../../../nodes/SoraVideos/transport';
import type { ServerProfile, SimulatorOptions } from '../../../../../simulator';
import { eventLoopTurnsUntil } from '../../../../support/event-loop';
import {
	jsonAnswer as json,
	listenOnLoopback,
	type SeenRequest,
} from '../../../../support/local-server';
import { failureOf } from '../../../../support/node-context';
import { clock, create, run, simulator, useSimulators } from '../../../../support/node-harness';
import {
	completedJob,
	contentRequests,
	download,
	downloadFinishedVideo,
	downloadParameters,
	file,
	JPEG,
	MP4,
	useContentServers,
	WEBP,
	withContent,
} from '../../../../support/download-server';
import { createServed, runWithServer } from '../../../../support/self-hosted';
import { useTransportSettings } from '../../../../support/transport-settings';

// What Download makes of the content route (GET /videos/{id}/content): redirects and JSON
// indirections up to their limits, without the key on another origin; statuses, variants a server
// does not have, a job's own URL when the route has nothing; bodies that trickle in, stall, or
// break before their first byte.

useSimulators();
useTransportSettings();
const { serve, stopAfterTest } = useContentServers();

describe('redirects and indirections', () => {
	it.each([300, 302, 307])('follows a %p with a Location to the file', async (status) => {
		const server = await serve(
			withContent((path) =>
				path.startsWith('/files/')
					? file(MP4)
					: { status, headers: { location: '/files/v1.mp4' }, body: '' },
			),
		);
		const stored = await download(server.baseUrl);
		expect(stored.fileOf(stored.output[0])).toEqual(MP4);
	});

	it.each([
		['a file', file(MP4, { location: '/elsewhere' }), undefined],
		[
			'a 400',
			{ ...json(400, { error: { message: 'no' } }), headers: { location: '/elsewhere' } },
			/failed: no$/,
		],
	])('does not follow a Location on %s', async (_case, answer, failure) => {
		const server = await serve(
			withContent((path) => (path === '/elsewhere' ? file(JPEG) : answer)),
		);
		const outcome = download(server.baseUrl);
		if (failure) expect((await failureOf(outcome)).message).toMatch(failure);
		else expect((await outcome).output[0].binary?.data?.mimeType).toBe('video/mp4');
		expect(server.seen.some((entry) => entry.path === '/elsewhere')).toBe(false);
	});

	/** /content redirects (or points by JSON) `count` times before the file. */
	const chain =
		(count: number, how: 'redirect' | 'json') => (path: string, seen: SeenRequest[]) => {
			const hop = Number(/hop\/(\d+)/.exec(path)?.[1] ?? 0);
			if (hop === count) return file(MP4);
			const next = `/hop/${hop + 1}`;
			return how === 'redirect'
				? { status: 302, headers: { location: next }, body: '' }
				: json(200, { url: `http://${seen[seen.length - 1].headers.host}${next}` });
		};

	it.each(['redirect', 'json'] as const)(
		'follows as many %s hops as allowed, and says so when there are more',
		async (how) => {
			transportSettings.maxRedirects = 2;
			const enough = await serve(withContent(chain(2, how)));
			const stored = await download(enough.baseUrl);
			expect(stored.fileOf(stored.output[0])).toEqual(MP4);

			const tooMany = await serve(withContent(chain(3, how)));
			const failure = await failureOf(download(tooMany.baseUrl));
			const what = how === 'redirect' ? 'redirects' : 'indirections';
			expect(failure.message).toBe(`Download of the video of video v1 failed: more than 2 ${what}`);
		},
	);
});

describe('what the content route answers', () => {
	it('a 300 without a Location is a failure naming the status, not an empty file', async () => {
		const server = await serve(withContent(() => ({ status: 300, headers: {}, body: '' })));
		const failure = await failureOf(download(server.baseUrl));
		expect(failure.message).toBe('Download of the video of video v1 failed: HTTP 300');
	});

	it('a 401 is not asked again: a wrong key stays wrong', async () => {
		const server = await serve(
			withContent(() => json(401, { error: { message: 'Incorrect API key' } })),
		);
		const failure = await failureOf(download(server.baseUrl));
		expect(failure.message).toBe('Download of the video of video v1 failed: Incorrect API key');
		expect(contentRequests(server.seen)).toHaveLength(1);
	});

	it('a job whose own URL is its content route: the route is tried three times, not six', async () => {
		let origin = '';
		const server = await serve(
			withContent(() => json(404, { error: { message: 'not ready' } }), {
				get url() {
					return `${origin}/v1/videos/v1/content`;
				},
			}),
		);
		origin = server.origin;
		const failure = await failureOf(download(server.baseUrl));
		expect(failure.message).toBe('Download of the video of video v1 failed: not ready');
		expect(contentRequests(server.seen)).toHaveLength(3);
	});

	it.each([
		[
			400,
			{ error: { message: 'thumbnails are not supported' } },
			' (thumbnails are not supported)',
		],
		[404, {}, ''],
	])(
		'a %p for a thumbnail of a completed job: the server makes none, said at once',
		async (status, body, said) => {
			const server = await serve(withContent(() => json(status, body)));
			const failure = await failureOf(download(server.baseUrl, 'thumbnail'));
			expect(failure.message).toBe(
				`This server has no "thumbnail" variant: it answered HTTP ${status}${said}`,
			);
			expect(failure.description).toBe(
				'Download the video variant, or make the image from the video in a later step.',
			);
			expect(contentRequests(server.seen)).toHaveLength(1);
		},
	);

	it('a thumbnail answered with the MP4: the server ignores the variant, said with what to do instead', async () => {
		const server = await serve(withContent(() => file(MP4, { 'content-type': 'image/webp' })));
		const failure = await failureOf(download(server.baseUrl, 'thumbnail'));
		expect(failure.message).toBe(
			'This server ignores the "thumbnail" variant: it sent the MP4 video instead',
		);
		expect(failure.description).toBe(
			'Download the video variant, or make the image from the video in a later step.',
		);
	});

	it('a 503 for a thumbnail is asked again like any read', async () => {
		let tries = 0;
		const server = await serve(
			withContent(() => (++tries === 1 ? json(503, { error: 'busy' }) : file(WEBP))),
		);
		const stored = await download(server.baseUrl, 'thumbnail');
		expect(stored.output[0].binary?.data?.mimeType).toBe('image/webp');
		expect(contentRequests(server.seen)).toHaveLength(2);
	});
});

describe('image variants a server does not have', () => {
	it('SGLang answers 404 for a thumbnail: not retried, and the error says the server has no such variant', async () => {
		const sim = await simulator('sglang');
		const job = await createServed(sim);
		clock.advance(60000);
		const failure = await failureOf(
			runWithServer(sim, {
				operation: 'download',
				videoId: job.id,
				variant: 'thumbnail',
				binaryPropertyName: 'data',
			}),
		);
		expect(failure.message).toMatch(
			/This server has no "thumbnail" variant: it answered HTTP 404 \(Video variant thumbnail not found\)/,
		);
		expect(sim.count('GET /videos/{id}/content')).toBe(1);
		expect(clock.sleeps).toEqual([]);
	});

	it('vLLM-Omni and TensorRT-LLM ignore variant and send the MP4: refused as such', async () => {
		for (const profile of ['vllm-omni', 'trt'] as ServerProfile[]) {
			const sim = await simulator(profile);
			const job = await createServed(sim);
			clock.advance(60000);
			await expect(
				runWithServer(sim, {
					operation: 'download',
					videoId: job.id,
					variant: 'spritesheet',
					binaryPropertyName: 'data',
				}),
			).rejects.toMatchObject({
				message: expect.stringContaining('ignores the "spritesheet" variant'),
			});
		}
	});

	it('the video of a completed job still downloads on all three', async () => {
		for (const profile of ['vllm-omni', 'sglang', 'trt'] as ServerProfile[]) {
			const sim = await simulator(profile);
			const job = await createServed(sim);
			clock.advance(60000);
			const { output } = await runWithServer(sim, {
				operation: 'download',
				videoId: job.id,
				variant: 'video',
				binaryPropertyName: 'data',
			});
			expect(output[0].binary?.data.mimeType).toBe('video/mp4');
		}
	});
});

describe('transport', () => {
	it('follows a content redirect to another origin without sending the key', async () => {
		const sim = await simulator('openai', { contentRedirect: true });
		await downloadFinishedVideo(sim);
		const fileRequests = sim.log().filter((entry) => entry.origin === 'files');
		expect(fileRequests.length).toBeGreaterThan(0);
		for (const entry of fileRequests) {
			expect(entry.headers.authorization).toBeUndefined();
			expect(entry.headers['api-key']).toBeUndefined();
		}
	});

	it("when /content has nothing for a completed job: tries twice more, then the job's own URL (new-api, Bifrost)", async () => {
		for (const profile of ['newapi', 'bifrost'] as ServerProfile[]) {
			const sim = await simulator(profile, { contentFailures: -1 });
			await downloadFinishedVideo(sim, profile);
			expect(sim.count('GET /videos/{id}/content')).toBe(3);
			const fileRequests = sim.log().filter((entry) => entry.origin === 'files');
			expect(fileRequests).toHaveLength(1);
			expect(fileRequests[0].headers.authorization).toBeUndefined();
		}
	});

	it("when /content is late for a completed job: a retry gets it; with no URL to fall back on, the server's error", async () => {
		const late = await simulator('openai', { contentFailures: 2 });
		await downloadFinishedVideo(late);
		expect(late.count('GET /videos/{id}/content')).toBe(3);

		const never = await simulator('openai', { contentFailures: -1 });
		const stuck = await create(never, 'openai');
		clock.advance(60000);
		await expect(run(never, downloadParameters(stuck.id))).rejects.toMatchObject({
			message: expect.stringContaining('not ready yet'),
		});
		expect(never.count('GET /videos/{id}/content')).toBe(3);
	});
});

describe('bodies on the wire', () => {
	/** A server whose /content answer `respond` writes by hand; job reads answer a completed v1. */
	async function wireServer(respond: (response: ServerResponse, attempt: number) => void) {
		let attempts = 0;
		const server = createServer((request, response) => {
			if (!request.url!.includes('/content')) {
				const job = completedJob('v1');
				response.writeHead(job.status, job.headers as Record<string, string>);
				response.end(job.body);
				return;
			}
			respond(response, ++attempts);
		});
		const { origin, stop } = await listenOnLoopback(server);
		stopAfterTest(stop);
		return {
			baseUrl: `${origin}/v1`,
			attempts: () => attempts,
		};
	}

	it('a body that keeps coming slowly, for longer than the idle timeout in all, is not a stall', async () => {
		transportSettings.idleTimeoutMs = 1000;
		const pieces = 10;
		const server = await wireServer((response) => {
			response.writeHead(200, {
				'content-type': 'video/mp4',
				'content-length': String(MP4.length),
			});
			const size = Math.ceil(MP4.length / pieces);
			let sent = 0;
			const timer = setInterval(() => {
				response.write(MP4.subarray(sent, sent + size));
				sent += size;
				if (sent >= MP4.length) {
					clearInterval(timer);
					response.end();
				}
			}, 150);
			response.on('close', () => clearInterval(timer));
		});
		const stored = await download(server.baseUrl);
		expect(stored.fileOf(stored.output[0])).toEqual(MP4);
		expect(server.attempts()).toBe(1);
	});

	it('a body that breaks before its first byte is tried again at once, not after the idle timeout', async () => {
		const server = await wireServer((response, attempt) => {
			response.writeHead(200, {
				'content-type': 'video/mp4',
				'content-length': String(MP4.length),
			});
			if (attempt === 1) {
				response.flushHeaders();
				setImmediate(() => response.socket?.destroy());
			} else response.end(MP4);
		});
		const stored = await download(server.baseUrl);
		expect(stored.fileOf(stored.output[0])).toEqual(MP4);
		expect(server.attempts()).toBe(2);
	});
});

describe('stalls', () => {
	/** The first body the simulator sends stalls for `stallMs`; the ones after it flow. */
	const oneStall = (stallMs: number): Partial<SimulatorOptions> => ({
		faultRate: 1,
		faultKinds: ['stall'],
		maxConsecutiveFaults: 1,
		stallMs,
	});

	it('detects a stalled body and retries it', async () => {
		transportSettings.idleTimeoutMs = 200;
		const downloaded = await downloadFinishedVideo(await simulator('openai', oneStall(5000)));
		expect(downloaded.logs.some((line) => /retrying/.test(line))).toBe(true);
	});

	it('closes the connection of a body it gives up on, without waiting for the server to end it', async () => {
		transportSettings.idleTimeoutMs = 200;
		const sim = await simulator('openai', oneStall(10 * 60_000));
		await downloadFinishedVideo(sim);
		expect(sim.log().filter((entry) => entry.fault === 'stall').length).toBeGreaterThan(0);
		await eventLoopTurnsUntil(() => sim.responsesInFlight() === 0);
		expect(sim.responsesInFlight()).toBe(0);
	});
});
