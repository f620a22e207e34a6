import { forward, jsonAnswer as json } from '../../../../support/local-server';
import { createParameters, failureOf } from '../../../../support/node-context';
import {
	clock,
	create,
	run,
	runAt,
	sha256,
	simulator,
	useSimulators,
} from '../../../../support/node-harness';
import { eventLoopTurnsUntil } from '../../../../support/event-loop';
import {
	completedJob,
	contentRequests,
	download,
	file,
	JPEG,
	MP4,
	UNKNOWN_BYTES,
	useContentServers,
	withContent,
} from '../../../../support/download-server';
import { itRefusesBeforeSending } from '../../../../support/preflight';
import type { Route } from '../../../../support/local-server';
import { defaultFileName } from '../../../../support/file-names';

// Download as a user reads it: the file stored, named and typed from its bytes (else the server's
// Content-Type, else application/octet-stream), content that is no file, a job not completed yet,
// and fields refused before anything is sent. The content route's answers, redirects and bodies:
// download.operation.content.test.ts.

useSimulators();
const { serve, serveHandler, serveRequests } = useContentServers();

describe('content of an unknown or misleading type', () => {
	it("stores bytes it does not know under the server's Content-Type, or else as application/octet-stream", async () => {
		const typed = await serve(
			withContent(() => file(UNKNOWN_BYTES, { 'content-type': 'video/x-custom' })),
		);
		const stored = await download(typed.baseUrl);
		expect(stored.output[0].binary?.data).toMatchObject({
			mimeType: 'video/x-custom',
			fileName: 'v1.mp4',
		});
		expect(stored.fileOf(stored.output[0])).toEqual(UNKNOWN_BYTES);

		const untyped = await serve(withContent(() => file(UNKNOWN_BYTES)));
		const plain = await download(untyped.baseUrl);
		expect(plain.output[0].binary?.data?.mimeType).toBe('application/octet-stream');
	});

	it('names and types a thumbnail the server sends as JPEG by its bytes, whatever the header says', async () => {
		const server = await serve(withContent(() => file(JPEG, { 'content-type': 'image/webp' })));
		const stored = await download(server.baseUrl, 'thumbnail');
		expect(stored.output[0].binary?.data).toMatchObject({
			mimeType: 'image/jpeg',
			fileName: 'v1.jpg',
		});
	});

	it('names the file after the video id, each run of other characters one underscore', async () => {
		const server = await serve((path) =>
			path.includes('/content') ? file(MP4) : completedJob('openai:vid::x=='),
		);
		const stored = await download(server.baseUrl, 'video', 'openai:vid::x==');
		expect(stored.output[0].binary?.data?.fileName).toBe('openai_vid_x_.mp4');
	});

	it("a typed File Name keeps its own extension, gets the file's when it has none, and never holds a path", async () => {
		const server = await serve((path) =>
			path.includes('/content') ? file(MP4) : completedJob('v1'),
		);
		const names = ['my clip', 'clip.mov', '../secret/clip', '  '];
		const parameters = (index: number) => ({
			operation: 'download',
			videoId: 'v1',
			variant: 'video',
			binaryPropertyName: 'data',
			options: { fileName: names[index] },
		});
		const stored = await runAt(server.baseUrl, parameters, {
			items: names.map((name) => ({ json: { name } })),
		});
		expect(stored.output.map((item) => item.binary?.data?.fileName)).toEqual([
			'my clip.mp4',
			'clip.mov',
			'_secret_clip.mp4',
			'v1.mp4',
		]);
	});

	it('a file that comes as base64 of unknown bytes is typed application/octet-stream', async () => {
		const server = await serve(
			withContent(() => json(200, { b64_json: UNKNOWN_BYTES.toString('base64') })),
		);
		const stored = await download(server.baseUrl);
		expect(stored.output[0].binary?.data?.mimeType).toBe('application/octet-stream');
		expect(stored.fileOf(stored.output[0])).toEqual(UNKNOWN_BYTES);
	});

	it('an HTML page where the file should be is an error that says so, not a stored file', async () => {
		const page = '<html><body>Sign in to continue</body></html>';
		const server = await serve(
			withContent(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: page })),
		);
		const failure = await failureOf(download(server.baseUrl));
		expect(failure.message).toBe(
			'Download of the video of video v1 failed: the server answered with an HTML page',
		);
		expect(failure.description).toMatch(/wrong Base URL/);
	});

	it('JSON with neither the file nor a URL to it is an error', async () => {
		const server = await serve(withContent(() => json(200, { status: 'ok' })));
		const failure = await failureOf(download(server.baseUrl));
		expect(failure.message).toBe(
			'Download of the video of video v1 failed: the server answered JSON with neither the file nor a URL to it',
		);
	});

	it('an empty answer where the file should be is an error, not an empty file', async () => {
		const server = await serve(
			withContent(() => file(Buffer.alloc(0), { 'content-type': 'video/mp4' })),
		);
		const failure = await failureOf(download(server.baseUrl));
		expect(failure.message).toBe(
			'Download of the video of video v1 failed: the server sent an empty file',
		);
	});

	it('asks for media as they are, and for API answers as JSON', async () => {
		const server = await serve(withContent(() => file(MP4)));
		await download(server.baseUrl);
		expect(server.seen[0].headers.accept).toBe('application/json');
		expect(contentRequests(server.seen)[0].headers).toMatchObject({
			accept: 'application/binary',
			'accept-encoding': 'identity',
		});
	});
});

describe('downloaded files', () => {
	it('are typed from their bytes, not from a wrong Content-Type', async () => {
		const sim = await simulator();
		const created = await runAt(sim.baseUrl, { ...createParameters, prompt: 'typed by its bytes' });
		const id = String(created.output[0].json.id);
		clock.advance(60_000);
		const { baseUrl } = await serveHandler(async (request, body) => {
			const answer = await forward(sim.baseUrl, request, body);
			return request.url!.includes('/content')
				? { ...answer, headers: { 'content-type': 'image/webp' } }
				: answer;
		});
		const downloaded = await runAt(baseUrl, {
			operation: 'download',
			videoId: id,
			variant: 'video',
			binaryPropertyName: 'data',
		});
		const binary = downloaded.output[0].binary!.data;
		expect(binary.mimeType).toBe('video/mp4');
		expect(binary.fileName).toMatch(defaultFileName(id, 'mp4'));
		expect(sha256(downloaded.fileOf(downloaded.output[0]))).toBe(await sim.expectedSha256(id));
	});
});

describe('operations that some servers lack', () => {
	it('downloads the thumbnail and spritesheet with types from the bytes, and refuses an ignored variant', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		clock.advance(60000);
		const thumb = await run(sim, {
			operation: 'download',
			videoId: job.id,
			variant: 'thumbnail',
			binaryPropertyName: 'data',
		});
		expect(thumb.output[0].binary?.data).toMatchObject({
			mimeType: 'image/webp',
			fileName: expect.stringMatching(defaultFileName(job.id, 'webp')),
		});
		const sprite = await run(sim, {
			operation: 'download',
			videoId: job.id,
			variant: 'spritesheet',
			binaryPropertyName: 'data',
		});
		expect(sprite.output[0].binary?.data).toMatchObject({
			mimeType: 'image/jpeg',
			fileName: expect.stringMatching(defaultFileName(job.id, 'jpg')),
		});

		// A large video, so the server is still sending it when the node refuses it: the node closes the connection.
		const litellm = await simulator('litellm', { videoBytes: 32 * 1024 * 1024 });
		const litellmJob = await create(litellm, 'litellm');
		clock.advance(60000);
		await expect(
			run(litellm, {
				operation: 'download',
				videoId: litellmJob.id,
				variant: 'thumbnail',
				binaryPropertyName: 'data',
			}),
		).rejects.toMatchObject({
			message: expect.stringContaining('ignores the "thumbnail" variant'),
		});
		await eventLoopTurnsUntil(() => litellm.responsesInFlight() === 0);
		expect(litellm.responsesInFlight()).toBe(0);
		expect(
			litellm.log().find((entry) => entry.route === 'GET /videos/{id}/content')?.bytesSent,
		).toBeLessThan(32 * 1024 * 1024);
	});

	it('refuses to download an unfinished video, keeping its id and status with Continue On Fail', async () => {
		const sim = await simulator();
		const job = await create(sim, 'openai');
		const { output } = await run(
			sim,
			{ operation: 'download', videoId: job.id, variant: 'video', binaryPropertyName: 'data' },
			{ continueOnFail: true },
		);
		expect(output[0].json).toMatchObject({
			id: job.id,
			status: 'queued',
			error: expect.stringContaining('is not ready to download'),
		});
		expect(sim.count('GET /videos/{id}/content')).toBe(0);
	});
});

describe('Download fields set by expressions', () => {
	it('a Variant that is not one names the ones there are', async () => {
		const server = await serve(() =>
			json(200, { id: 'v1', object: 'video', status: 'queued', progress: 0, model: 'sora-2' }),
		);
		const failure = await failureOf(
			runAt(server.baseUrl, {
				operation: 'download',
				videoId: 'v1',
				variant: 'poster',
				binaryPropertyName: 'data',
			}),
		);
		expect(failure.message).toBe('Item 0, field "Variant": "poster" is not a variant');
		expect(failure.description).toBe('Use one of video, thumbnail, spritesheet.');
	});

	it('an output field that came out empty (null) is refused, naming the field', async () => {
		const server = await serve(() => completedJob('v1'));
		const failure = await failureOf(
			runAt(server.baseUrl, {
				operation: 'download',
				videoId: 'v1',
				variant: 'video',
				binaryPropertyName: null,
			}),
		);
		expect(failure.message).toBe(
			'Item 0, field "Put Output File in Field": the binary property name is empty',
		);
		expect(server.seen).toHaveLength(0);
	});
});

describe('Download of a job that is not completed', () => {
	const download = (videoId: string) => ({
		operation: 'download',
		videoId,
		variant: 'video',
		binaryPropertyName: 'data',
	});
	const description =
		'Put a Wait for Completion step before Download (or use its Download option).';
	/** v1 is queued (no progress field), v2 is in progress at 40 %. */
	const unfinished: Route = (request) =>
		request.url.pathname.endsWith('/v2')
			? json(200, { id: 'v2', object: 'video', status: 'in_progress', progress: 40 })
			: json(200, { id: 'v1', object: 'video', status: 'queued' });

	it('says its status and progress, and what to put before Download; no file is asked for', async () => {
		const server = await serveRequests(unfinished);
		const failure = await failureOf(runAt(server.baseUrl, download('v2')));
		expect(failure.message).toBe('Video v2 is not ready to download: it is in_progress, 40%');
		expect(failure.description).toBe(description);
		expect(failure.context?.video).toMatchObject({ id: 'v2', status: 'in_progress', progress: 40 });
		expect(server.seen.map((entry) => entry.url.pathname)).toEqual(['/v1/videos/v2']);
	});

	it('a job with no progress: its status alone, nothing after it', async () => {
		const server = await serveRequests(unfinished);
		const failure = await failureOf(runAt(server.baseUrl, download('v1')));
		expect(failure.message).toBe('Video v1 is not ready to download: it is queued');
		expect(failure.description).toBe(description);
		expect(failure.context?.video).toMatchObject({ id: 'v1', status: 'queued', progress: null });
	});

	it('with Continue On Fail, each item gets its own error item with its job', async () => {
		const server = await serveRequests(unfinished);
		const { output } = await runAt(server.baseUrl, (index) => download(['v1', 'v2'][index]), {
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json).toMatchObject({
			error: 'Video v1 is not ready to download: it is queued',
			description,
			id: 'v1',
			status: 'queued',
		});
		expect(output[1].json).toMatchObject({
			error: 'Video v2 is not ready to download: it is in_progress, 40%',
			description,
			id: 'v2',
			status: 'in_progress',
		});
		expect(server.seen.some((entry) => entry.url.pathname.includes('/content'))).toBe(false);
	});
});

describe('pre-flight checks send no request', () => {
	describe('every locally detectable mistake names the item and the field, and sends nothing', () => {
		itRefusesBeforeSending([
			[
				'download: an unknown variant (from an expression)',
				{
					operation: 'download',
					videoId: 'video_1',
					variant: 'poster',
					binaryPropertyName: 'data',
				},
				'Variant',
				/"poster" is not a variant/,
				null,
			],
			[
				'download: an empty output field',
				{ operation: 'download', videoId: 'video_1', variant: 'video', binaryPropertyName: ' ' },
				'Put Output File in Field',
				/the binary property name is empty/,
				null,
			],
		]);
	});
});
