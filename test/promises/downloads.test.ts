/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// README, "Downloads stream" and docs/protocol.md rules 24, 29 and 30: for any chunking, framing
// (Content-Length or chunked), compression and cut, the stored file is byte for byte the one
// served, or the item fails with an error that says what happened: never a short file. A broken,
// stalled or cut body and a 408, 429 or 5xx answer are tried again (six tries in all). When
// `/content` has nothing for a completed job (400, 404, 405, 409, 422, 501) it is asked three
// times in all, then the job's own URL is used; without one, the answer is judged by its status;
// a thumbnail or spritesheet answered 400 or 404 fails at once. Both Download and Wait for
// Completion's download keep these promises.
import { gzipSync } from 'node:zlib';

import fc from 'fast-check';

import { credentialsAt, outcomeWatching, withVirtualClock, type Outcome } from './support/node';
import { holds, PROPERTY_TIMEOUT_MS } from './support/property';
import {
	isBroken,
	jsonAnswer as json,
	startWireServer,
	type Delivery,
	type Framing,
	type WireAnswer,
	type WireRequest,
} from './support/wire';

const TRIES = 6;
const CONTENT_ROUTE_TRIES = 3;
const notThereStatuses = [400, 404, 405, 409, 422, 501];
const retriedStatuses = [408, 429, 500, 502, 503, 504];
const retriable = (status: number) =>
	status === 408 || status === 409 || status === 429 || status >= 500;

type Operation = 'download' | 'waitForCompletion';
type Variant = 'video' | 'thumbnail' | 'spritesheet';

/** An MP4's first bytes, so the file is typed from its bytes, then the generated rest. */
const mp4 = (rest: Uint8Array) =>
	Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), rest]);

const parametersFor = (operation: Operation, variant: Variant) =>
	operation === 'download'
		? { operation, videoId: 'v1', variant, binaryPropertyName: 'data' }
		: { operation, videoId: 'v1', options: { download: true, variant } };

/** Runs the download of completed job v1 from a server whose `/content` answers with `content`. */
async function downloadFrom(
	content: (attempt: number) => WireAnswer,
	options: { operation: Operation; variant?: Variant; jobUrl?: boolean; stalls?: boolean },
) {
	const contentRequests: WireRequest[] = [];
	const server = await startWireServer((request) => {
		const path = request.url.pathname;
		if (path === '/v1/videos/v1/content') {
			contentRequests.push(request);
			return content(contentRequests.length);
		}
		if (path === '/files/v1')
			return { status: 200, headers: {}, body: fileOnJobUrl(options.variant ?? 'video') };
		const jobUrl = options.jobUrl ? { url: `${server.origin}/files/v1` } : {};
		return json(200, { id: 'v1', object: 'video', status: 'completed', progress: 100, ...jobUrl });
	});
	try {
		const parameters = parametersFor(options.operation, options.variant ?? 'video');
		const outcome = await withVirtualClock(
			async () =>
				await outcomeWatching(
					{ credentials: credentialsAt(`${server.origin}/v1`), parameters },
					options.stalls === true,
				),
		);
		const fromJobUrl = server.seen.filter((request) => request.url.pathname === '/files/v1').length;
		return { outcome, contentTries: contentRequests.length, fromJobUrl };
	} finally {
		await server.stop();
	}
}

const storedFile = (outcome: Outcome) =>
	'output' in outcome ? outcome.run.fileOf(outcome.output[0]) : undefined;

const fileFor = (variant: Variant, text: string) =>
	Buffer.concat([
		variant === 'video'
			? mp4(Buffer.alloc(0))
			: variant === 'thumbnail'
				? Buffer.from('RIFF\0\0\0\0WEBPVP8 ')
				: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
		Buffer.from(text),
	]);

const fileOnJobUrl = (variant: Variant) => fileFor(variant, 'from the job URL');

interface Drawn {
	status: number;
	framing: Framing;
	pieces: number;
	delivery: Delivery;
	cutAt: number;
}

describe('a download', () => {
	/** One try's answer, the file in it whole or broken: a retried status, a cut, a stall, a reset… */
	const attempt: fc.Arbitrary<Drawn> = fc.record({
		status: fc.oneof(
			{ weight: 5, arbitrary: fc.constant(200) },
			{ weight: 1, arbitrary: fc.constantFrom(...retriedStatuses) },
		),
		framing: fc.constantFrom<Framing>('length', 'length', 'chunked', 'chunked', 'gzip'),
		pieces: fc.integer({ min: 1, max: 12 }),
		delivery: fc.oneof(
			{ weight: 6, arbitrary: fc.constant<Delivery>('whole') },
			{
				weight: 3,
				arbitrary: fc.constantFrom<Delivery>('cut', 'resetAfterHeaders', 'resetBeforeHeaders'),
			},
			{ weight: 1, arbitrary: fc.constant<Delivery>('stall') },
		),
		cutAt: fc.double({ min: 0, max: 0.99, noNaN: true }),
	});

	const answerFor = (drawn: Drawn, file: Buffer): WireAnswer =>
		drawn.status === 200
			? { ...drawn, headers: { 'content-type': 'video/mp4' }, body: file }
			: {
					...json(drawn.status, { error: { message: 'busy' } }),
					delivery: drawn.delivery,
					cutAt: drawn.cutAt,
				};

	/**
	 * Whether a try gives the file: a whole 200. A gzip-compressed one (to a request that asked for
	 * `identity`) has a Content-Length that counts other bytes than the file's, so the node cannot
	 * tell it whole (docs/protocol.md rule 24) and tries again.
	 */
	const givesFile = (answer: WireAnswer) =>
		answer.status === 200 &&
		!isBroken(answer) &&
		(answer.framing !== 'gzip' || gzipSync(answer.body).length === answer.body.length);

	it(
		'stores exactly the bytes served, or fails saying what broke: never a short file',
		async () => {
			const cases = fc.record({
				tries: fc.array(attempt, { minLength: 1, maxLength: 7 }),
				rest: fc.uint8Array({ minLength: 0, maxLength: 24 * 1024 }),
				operation: fc.constantFrom<Operation>('download', 'waitForCompletion'),
			});
			await holds(
				cases,
				async ({ tries, rest, operation }) => {
					const file = mp4(rest);
					const answers = tries.map((drawn) => answerFor(drawn, file));
					// Past the generated tries, the server answers as it did last.
					const answerTo = (attemptNumber: number) => answers[attemptNumber - 1] ?? answers.at(-1)!;
					const tried = Array.from({ length: TRIES }, (_, index) => answerTo(index + 1));
					const wholeAt = tried.findIndex(givesFile);
					const expectedTries = wholeAt >= 0 ? wholeAt + 1 : TRIES;
					const { outcome, contentTries } = await downloadFrom(answerTo, {
						operation,
						stalls: tried.slice(0, expectedTries).some((answer) => answer.delivery === 'stall'),
					});
					expect(contentTries).toBe(expectedTries);
					if (wholeAt >= 0) {
						expect(storedFile(outcome)).toEqual(file);
						return;
					}
					// Out of tries: the item fails, naming the download and what the server did.
					expect('failure' in outcome).toBe(true);
					if (!('failure' in outcome)) return;
					expect(outcome.failure.message).toMatch(/^Download of the video of video v1 failed: ./);
					const last = tried[TRIES - 1];
					if (!isBroken(last) && last.status !== 200)
						expect(outcome.failure.httpCode).toBe(last.status);
					else
						expect(outcome.failure.description).toMatch(
							/stopped sending part-way|is reachable from n8n/,
						);
				},
				25,
			);
		},
		PROPERTY_TIMEOUT_MS,
	);

	/** Which file the download stores, or how it fails, when `/content` answers `statuses` first. */
	function expectedFromContentRoute(statuses: number[], variant: Variant, jobUrl: boolean) {
		for (let tried = 0; tried < TRIES; tried++) {
			const status = statuses[tried];
			const tries = tried + 1;
			if (status === undefined) return { tries, stored: 'content' as const };
			if (variant !== 'video' && (status === 400 || status === 404))
				return { tries, noVariant: true };
			const notThere = notThereStatuses.includes(status);
			if (notThere && tried < CONTENT_ROUTE_TRIES - 1) continue;
			const again = notThere && jobUrl ? false : retriable(status);
			if (again && tried < TRIES - 1) continue;
			return jobUrl ? { tries, stored: 'jobUrl' as const } : { tries, failedWith: status };
		}
		throw new Error('unreachable: the last try settles');
	}

	it(
		"asks /content three times when the file is not there yet, then uses the job's own URL; a missing image variant fails at once",
		async () => {
			const status = fc.oneof(
				{ weight: 3, arbitrary: fc.constantFrom(...notThereStatuses) },
				{ weight: 1, arbitrary: fc.constantFrom(...retriedStatuses) },
				{ weight: 1, arbitrary: fc.integer({ min: 300, max: 599 }) },
			);
			const cases = fc.record({
				statuses: fc.array(status, { maxLength: 7 }),
				variant: fc.constantFrom<Variant>('video', 'video', 'thumbnail', 'spritesheet'),
				jobUrl: fc.boolean(),
				operation: fc.constantFrom<Operation>('download', 'waitForCompletion'),
			});
			await holds(
				cases,
				async ({ statuses, variant, jobUrl, operation }) => {
					const expected = expectedFromContentRoute(statuses, variant, jobUrl);
					const onContentRoute = fileFor(variant, 'from /content');
					const answerTo = (attemptNumber: number) => {
						const failed = statuses[attemptNumber - 1];
						if (failed === undefined) return { status: 200, headers: {}, body: onContentRoute };
						return json(failed, { error: { message: 'not here', code: 'not_found' } });
					};
					const served = await downloadFrom(answerTo, { operation, variant, jobUrl });
					expect(served.contentTries).toBe(expected.tries);
					expect(served.fromJobUrl).toBe(expected.stored === 'jobUrl' ? 1 : 0);
					const { outcome } = served;
					if (expected.stored) {
						const stored = expected.stored === 'jobUrl' ? fileOnJobUrl(variant) : onContentRoute;
						expect(storedFile(outcome)).toEqual(stored);
					} else if (expected.noVariant) {
						expect('failure' in outcome && outcome.failure.message).toMatch(
							`has no "${variant}" variant`,
						);
					} else {
						expect('failure' in outcome && outcome.failure.httpCode).toBe(expected.failedWith);
					}
				},
				30,
			);
		},
		PROPERTY_TIMEOUT_MS,
	);
});
