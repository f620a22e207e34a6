import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { transportSettings } from '../../nodes/SoraVideos/transport';
import {
	jsonAnswer as json,
	listenOnLoopback,
	useLocalServers,
	type LocalAnswer,
	type SeenRequest,
} from '../support/local-server';
import { createParameters, failureOf, runNode, type RunOptions } from '../support/node-context';
import { clock, credentialsAt as credentials, KEY, useSimulators } from '../support/node-harness';

// What a server may answer that the simulator's profiles do not, and what the node makes of it:
// content of unknown or misleading types, redirects and JSON indirections up to their limits,
// content-route statuses, error bodies that look like jobs, size limits, Base URLs, cancels and
// bodies that arrive slowly, end at once or break before their first byte.

useSimulators();
const { serve: serveRequests, stopAfterTest } = useLocalServers();
const savedSettings = { ...transportSettings };
afterEach(() => {
	Object.assign(transportSettings, savedSettings);
});

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures', name));
const MP4 = fixture('video.mp4');
const WEBP = fixture('thumbnail.webp');
const JPEG = fixture('spritesheet.jpg');
const UNKNOWN_BYTES = Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xff, 0x10, 0x20]);

type Route = (path: string, seen: SeenRequest[]) => LocalAnswer | Promise<LocalAnswer>;

/** A server on 127.0.0.1 whose answers `route` picks by the request's path and what came before. */
const serve = (route: Route) =>
	serveRequests(async (request, seen) => await route(request.path, seen));

const file = (bytes: Buffer, headers: Record<string, string> = {}): LocalAnswer => ({
	status: 200,
	headers,
	body: bytes,
});
const completedJob = (id: string, extra: IDataObject = {}) =>
	json(200, { id, object: 'video', status: 'completed', progress: 100, model: 'sora-2', ...extra });

/** A completed job v1 whose /content answers with `content` (the path tells the variant). */
const withContent = (content: Route, job: IDataObject = {}): Route => {
	return (path, seen) =>
		/\/content/.test(path) || !path.startsWith('/v1/videos/')
			? content(path, seen)
			: completedJob('v1', job);
};

const contentRequests = (seen: SeenRequest[]) =>
	seen.filter((entry) => entry.path.includes('/content'));

async function download(
	baseUrl: string,
	variant = 'video',
	videoId = 'v1',
	rest: Partial<RunOptions> = {},
) {
	return await runNode({
		credentials: credentials(baseUrl),
		parameters: { operation: 'download', videoId, variant, binaryPropertyName: 'data' },
		...rest,
	});
}

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

describe('API answers', () => {
	it('a 200 holding only an error is a failure with the error, not a job', async () => {
		const server = await serve(() => json(200, { error: { message: 'quota exceeded' } }));
		const failure = await failureOf(
			runNode({
				credentials: credentials(server.baseUrl),
				parameters: { operation: 'get', videoId: 'v1' },
			}),
		);
		expect(failure.message).toBe('Get video v1 failed: quota exceeded');
	});

	it.each([
		['an id but no status', { object: 'video', id: 'v1', error: { message: 'gone' } }],
		['a status but no id', { object: 'video', status: 'failed', error: { message: 'gone' } }],
	])('a 404 naming a video with %s is a failure, not the job', async (_case, body) => {
		const server = await serve(() => json(404, body));
		const failure = await failureOf(
			runNode({
				credentials: credentials(server.baseUrl),
				parameters: { operation: 'get', videoId: 'v1' },
			}),
		);
		expect(failure.message).toBe('Get video v1 failed: gone');
	});

	it.each([300, 301])(
		'an API answer %p (a redirect it may not follow) is a failure naming the status',
		async (status) => {
			const server = await serve(() => ({
				status,
				headers: { location: 'https://elsewhere.example/v1/videos/v1' },
				body: '',
			}));
			const failure = await failureOf(
				runNode({
					credentials: credentials(server.baseUrl),
					parameters: { operation: 'get', videoId: 'v1' },
				}),
			);
			expect(failure.message).toBe(`Get video v1 failed: HTTP ${status}`);
			expect(server.seen).toHaveLength(1);
		},
	);

	it("an error answer in a framework's own shape ({detail}) is a failure, not a job", async () => {
		const server = await serve(() => json(404, { detail: 'Video not found' }));
		const failure = await failureOf(
			runNode({
				credentials: credentials(server.baseUrl),
				parameters: { operation: 'get', videoId: 'v1' },
			}),
		);
		expect(failure.message).toBe('Get video v1 failed: Video not found');
	});

	it('reads a JSON answer of exactly the size limit, and refuses one byte more', async () => {
		transportSettings.maxJsonBytes = 200;
		const padded = (size: number) => {
			const body = { id: 'v1', object: 'video', status: 'queued', progress: 0, note: '' };
			body.note = 'x'.repeat(size - JSON.stringify(body).length);
			return JSON.stringify(body);
		};
		let size = 200;
		const server = await serve(() => ({
			status: 200,
			headers: { 'content-type': 'application/json' },
			body: padded(size),
		}));
		const get = () =>
			runNode({
				credentials: credentials(server.baseUrl),
				parameters: { operation: 'get', videoId: 'v1' },
			});
		expect((await get()).output[0].json.status).toBe('queued');
		size = 201;
		expect((await failureOf(get())).message).toBe(
			'Get video v1 failed: the answer is larger than 200 bytes',
		);
	});
});

describe('the Base URL', () => {
	it('a Base URL pasted with spaces around it works', async () => {
		const server = await serve(() => completedJob('v1'));
		const { output } = await runNode({
			credentials: credentials(`  ${server.baseUrl} `),
			parameters: { operation: 'get', videoId: 'v1' },
		});
		expect(output[0].json.status).toBe('completed');
		expect(server.seen[0].path).toBe('/v1/videos/v1');
	});

	it.each([
		[undefined, ''],
		['ftp://files.example.com/v1', 'ftp://files.example.com/v1'],
	])('Base URL %p: says it is not an http(s) URL and shows one', async (baseUrl, shown) => {
		const failure = await failureOf(
			runNode({
				credentials: { apiKey: KEY, authHeader: 'bearer', ...(baseUrl ? { baseUrl } : {}) },
				parameters: { operation: 'get', videoId: 'v1' },
			}),
		);
		expect(failure.message).toBe(`The credential's Base URL "${shown}" is not an http(s) URL`);
		expect(failure.description).toBe(
			"Set it to the server's API root, for example https://api.example.com/v1 or http://127.0.0.1:4010/v1.",
		);
	});

	it('takes an https Base URL (a port nobody listens on here fails to connect, not the check)', async () => {
		const failure = await failureOf(
			runNode({
				credentials: credentials('https://127.0.0.1:1/v1'),
				parameters: { operation: 'get', videoId: 'v1' },
			}),
		);
		expect(failure.message).not.toMatch(/not an http\(s\) URL/);
		expect(failure.description).toBe(
			"Check that the credential's Base URL (https://127.0.0.1:1/v1) is reachable from n8n.",
		);
	});

	it('a create whose connection is refused is tried again (it never reached the server), then points at the Base URL', async () => {
		const failure = await failureOf(
			runNode({ credentials: credentials('http://127.0.0.1:1/v1'), parameters: createParameters }),
		);
		expect(clock.sleeps).toHaveLength(5);
		expect(failure.description).toBe(
			"Check that the credential's Base URL (http://127.0.0.1:1/v1) is reachable from n8n.",
		);
		expect(failure.context).toMatchObject({ mayHaveStartedJob: false });
	});
});

describe('a cancel', () => {
	it('while a read is answered: the item stops with "The execution was cancelled", nothing sent after', async () => {
		const controller = new AbortController();
		const server = await serve(() => {
			controller.abort();
			return json(503, { error: 'busy' });
		});
		const failure = await failureOf(
			runNode({
				credentials: credentials(server.baseUrl),
				parameters: { operation: 'get', videoId: 'v1' },
				signal: controller.signal,
			}),
		);
		expect(failure.message).toBe('The execution was cancelled');
		expect(failure.context).toMatchObject({ itemIndex: 0 });
		expect(server.seen).toHaveLength(1);
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

describe('empty answers', () => {
	it('a delete answered 204 with no body is done', async () => {
		const server = await serve(() => ({ status: 204, headers: {}, body: '' }));
		const { output } = await runNode({
			credentials: credentials(server.baseUrl),
			parameters: { operation: 'delete', videoId: 'v1' },
		});
		expect(output[0].json).toEqual({ id: 'v1', object: 'video.deleted', deleted: true });
		expect(server.seen.map(({ method, path }) => `${method} ${path}`)).toEqual([
			'DELETE /v1/videos/v1',
		]);
	});
});
