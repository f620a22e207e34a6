import type { IDataObject } from 'n8n-workflow';

import { transportSettings } from '../../nodes/SoraVideos/transport';
import { fixture } from '../support/fixtures';
import { useLocalServers } from '../support/local-server';
import { createParameters, failureOf } from '../support/node-context';
import { runAt, useSimulators } from '../support/node-harness';
import { useTransportSettings } from '../support/transport-settings';

// Servers that answer badly (bodies that are not JSON, HTML pages, huge bodies, errors in a 200)
// or misbehave where status rules cannot see it (cursors that repeat, retry hints, files as
// base64, deletes that did not happen, retry headers on a paid request): each reported clearly,
// asked again only where a retry can help.

useSimulators();
// A stalled body is noticed after 150 ms, so that stalls cost next to no real time.
useTransportSettings({ idleTimeoutMs: 150 });
const { serveHandler } = useLocalServers();

describe('bad answers from a server', () => {
	const answer = (status: number, contentType: string, body: string | Buffer) => async () => ({
		status,
		headers: { 'content-type': contentType, 'x-request-id': 'req_bad_1' },
		body,
	});

	it.each([
		[
			'a non-JSON error body',
			answer(400, 'text/plain', 'bad things happened'),
			/Get video v1 failed: HTTP 400/,
			/bad things happened/,
			1,
		],
		[
			'an HTML 502 page',
			answer(502, 'text/html', '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>'),
			/HTML page/,
			/wrong Base URL/,
			6,
		],
		[
			'an HTML 200 page (wrong base URL)',
			answer(200, 'text/html', '<html><body>new-api dashboard</body></html>'),
			/not JSON/,
			/wrong Base URL/,
			1,
		],
		[
			'a new-api task error',
			answer(
				400,
				'application/json',
				'{"code":"task_not_exist","message":"task_not_exist","data":null}',
			),
			/task_not_exist/,
			/request id req_bad_1/,
			1,
		],
		[
			'a FastAPI detail',
			answer(404, 'application/json', '{"detail":"Not Found"}'),
			/Not Found/,
			/HTTP 404/,
			1,
		],
		[
			'a 200 that carries nothing but an error',
			answer(
				200,
				'application/json',
				'{"error":{"message":"task not exist","code":"task_not_exist"}}',
			),
			/Get video v1 failed: task not exist/,
			/HTTP 200, code task_not_exist/,
			1,
		],
		[
			'a huge JSON body',
			answer(200, 'application/json', `{"id":"v1","pad":"${'x'.repeat(17 * 1024 * 1024)}"}`),
			/Get video v1 failed: the answer is larger than 16777216 bytes/,
			/HTTP 200, request id req_bad_1\. Server said: \{"id":"v1","pad":"xxx/,
			1,
		],
	])(
		'reports %s clearly, asking again only if a retry can help',
		async (_name, handler, message, description, expectedRequests) => {
			// No stall is under test here: a 17 MiB body on a busy machine can pause longer than this file's 150 ms.
			transportSettings.idleTimeoutMs = 60_000;
			let requests = 0;
			const { origin: base } = await serveHandler(async () => {
				requests++;
				return await handler();
			});
			const failure = await failureOf(runAt(`${base}/v1`, { operation: 'get', videoId: 'v1' }));
			expect(failure.message).toMatch(message);
			expect(failure.description ?? '').toMatch(description);
			// 5xx answers are retried (5 times); the others would be the same again.
			expect(requests).toBe(expectedRequests);
		},
	);
});

describe('servers that misbehave in ways the status rules cannot see', () => {
	const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
		status,
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const video = (id: string) => ({
		id,
		object: 'video',
		status: 'completed',
		progress: 100,
		model: 'sora-2',
		created_at: 1,
	});

	it.each([
		[
			'ignores the cursor (the same page again and again)',
			() => ({ data: [video('a'), video('b')], has_more: true, last_id: 'b' }),
			['a', 'b'],
			2,
		],
		[
			'cycles its cursors (a → b → a)',
			(after: string | null) =>
				after === 'b'
					? { data: [video('c')], has_more: true, last_id: 'a' }
					: {
							data: after === 'a' ? [video('b')] : [video('a')],
							has_more: true,
							last_id: after === 'a' ? 'b' : 'a',
						},
			['a', 'b', 'c'],
			// The third page hands back cursor a, already used: no fourth request.
			3,
		],
		[
			'sends the same videos under ever new cursors',
			(after: string | null) => {
				const page = Number(after?.slice(1) ?? 0) + 1;
				return { data: [video('a'), video('b')], has_more: page < 10, last_id: `c${page}` };
			},
			['a', 'b'],
			2,
		],
	] as const)(
		'Get Many with Return All stops when a server %s, keeping each video once',
		async (_name, pageAfter, expectedIds, expectedRequests) => {
			let requests = 0;
			const { origin: base } = await serveHandler(async (request) => {
				requests++;
				return json(200, {
					object: 'list',
					...pageAfter(new URL(request.url!, 'http://x').searchParams.get('after')),
				});
			});
			const listed = await runAt(`${base}/v1`, {
				operation: 'getMany',
				returnAll: true,
				options: {},
			});
			expect(listed.output.map((item) => item.json.id)).toEqual(expectedIds);
			expect(requests).toBe(expectedRequests);
			expect(listed.logs.some((line) => /already sent/.test(line))).toBe(true);
		},
	);

	it('Wait for Completion honours a retry-after on a status answer as the time of the next look', async () => {
		let polls = 0;
		const { origin: base } = await serveHandler(async () => {
			polls++;
			const done = polls >= 3;
			return json(
				200,
				{ ...video('v1'), status: done ? 'completed' : 'in_progress', progress: done ? 100 : 10 },
				done ? {} : { 'retry-after': '30' },
			);
		});
		const waited = await runAt(`${base}/v1`, {
			operation: 'waitForCompletion',
			videoId: 'v1',
			options: {},
		});
		expect(waited.output[0].json).toMatchObject({ status: 'completed', wait: { polls: 3 } });
		expect((waited.output[0].json.wait as IDataObject).waited_seconds).toBe(60);
	});

	it('stores the file when /content answers JSON carrying it as base64 (b64_json), typed from its bytes', async () => {
		const mp4 = fixture('video.mp4');
		const { origin: base } = await serveHandler(async (request) =>
			request.url!.endsWith('/content')
				? json(200, { object: 'video.content', b64_json: mp4.toString('base64') })
				: json(200, video('v1')),
		);
		const downloaded = await runAt(`${base}/v1`, {
			operation: 'download',
			videoId: 'v1',
			variant: 'video',
			binaryPropertyName: 'data',
		});
		expect(downloaded.fileOf(downloaded.output[0]).equals(mp4)).toBe(true);
		expect(downloaded.output[0].binary?.data).toMatchObject({
			mimeType: 'video/mp4',
			fileName: 'v1.mp4',
		});
	});

	it('reports a delete the server answered with "deleted": false as a failure', async () => {
		const { origin: base } = await serveHandler(async () =>
			json(200, { id: 'v1', object: 'video.deleted', deleted: false }),
		);
		const failure = await failureOf(runAt(`${base}/v1`, { operation: 'delete', videoId: 'v1' }));
		expect(failure.message).toMatch(
			/Delete of video v1 failed: the server answered "deleted": false/,
		);
	});

	it('sends a create once even when the failed answer says x-should-retry: true', async () => {
		let posts = 0;
		const { origin: base } = await serveHandler(async () => {
			posts++;
			return json(
				500,
				{ error: { message: 'upstream hiccup', type: 'server_error' } },
				{ 'x-should-retry': 'true' },
			);
		});
		const failure = await failureOf(
			runAt(`${base}/v1`, { ...createParameters, prompt: 'a paid job' }),
		);
		expect(failure.message).toMatch(/upstream hiccup/);
		expect(posts).toBe(1);
	});
});
