import { useLocalServers } from '../support/local-server';
import { createParameters, failureOf, runNode } from '../support/node-context';
import {
	clock,
	expectNoKey,
	KEY,
	runAt,
	sha256,
	simulator,
	useSimulators,
} from '../support/node-harness';
import { useTransportSettings } from '../support/transport-settings';

// The key stays secret: out of outputs, errors and logs (even when a server echoes it), in the
// header the credential names, and never sent to the second origin of a redirect.

useSimulators();
// A stalled body is noticed after 150 ms, so that stalls cost next to no real time.
useTransportSettings({ idleTimeoutMs: 150 });
const { serveHandler } = useLocalServers();

describe('secrets', () => {
	it('keeps the key out of outputs, errors and logs, and away from a second origin', async () => {
		const sim = await simulator('openai', { contentRedirect: true });
		const created = await runAt(sim.baseUrl, { ...createParameters, prompt: 'secret check' });
		const waited = await runAt(
			sim.baseUrl,
			{
				operation: 'waitForCompletion',
				videoId: created.output[0].json.id,
				options: { download: true },
			},
			{ items: created.output },
		);
		const failing = await runAt(
			sim.baseUrl,
			{ operation: 'get', videoId: 'video_does_not_exist' },
			{ continueOnFail: true },
		);
		const wrongKey = await failureOf(
			runNode({
				credentials: { apiKey: `${KEY}-wrong`, baseUrl: sim.baseUrl, authHeader: 'bearer' },
				parameters: { operation: 'get', videoId: 'v' },
			}),
		);
		expectNoKey(
			created,
			waited.output,
			waited.logs,
			waited.messages,
			failing.output,
			failing.logs,
			wrongKey,
		);
		const fileRequests = sim.log().filter((entry) => entry.origin === 'files');
		expect(fileRequests.length).toBeGreaterThan(0);
		for (const entry of fileRequests) expect(entry.headers.authorization).toBeUndefined();
	});

	it.each([
		["Azure's api-key header", 'openai', { authHeader: 'apiKey' }, 'api-key'],
		[
			'a custom header (LiteLLM)',
			'litellm',
			{ authHeader: 'custom', headerName: 'x-litellm-api-key' },
			'x-litellm-api-key',
		],
	] as const)(
		'sends the key in %s to the API only, never to the second origin of a redirect',
		async (_name, profile, auth, header) => {
			const sim = await simulator(profile, { contentRedirect: true });
			const credentials = { apiKey: KEY, baseUrl: sim.baseUrl, ...auth };
			const created = await runNode({
				credentials,
				parameters: { ...createParameters, prompt: 'header check' },
			});
			clock.advance(60000);
			const downloaded = await runNode({
				credentials,
				parameters: {
					operation: 'download',
					videoId: created.output[0].json.id,
					variant: 'video',
					binaryPropertyName: 'data',
				},
			});
			expect(sha256(downloaded.fileOf(downloaded.output[0]))).toBe(
				await sim.expectedSha256(String(created.output[0].json.id)),
			);
			expectNoKey(created.output, downloaded.output, downloaded.logs);
			const content = sim.log().filter((entry) => entry.route === 'GET /videos/{id}/content');
			expect(content.length).toBeGreaterThan(0);
			for (const entry of content) expect(entry.headers[header]).toBe('[redacted]');
			const fileRequests = sim.log().filter((entry) => entry.origin === 'files');
			expect(fileRequests.length).toBeGreaterThan(0);
			for (const entry of fileRequests) {
				for (const name of ['authorization', 'api-key', 'x-litellm-api-key'])
					expect(entry.headers[name]).toBeUndefined();
			}
		},
	);

	it('redacts a key that a server echoes in its error message', async () => {
		const { origin: base } = await serveHandler(async () => ({
			status: 401,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				error: {
					message: `Incorrect API key provided: ${KEY}`,
					type: 'invalid_request_error',
					code: 'invalid_api_key',
				},
			}),
		}));
		const failure = await failureOf(runAt(`${base}/v1`, { operation: 'get', videoId: 'v' }));
		expect((failure as Error).message).toContain('[redacted]');
		expectNoKey(failure);
	});
	it('redacts the key from a failure the HTTP client reports, such as a header line pasted into Header Name', async () => {
		const { origin: base } = await serveHandler(async () => ({
			status: 200,
			headers: {},
			body: '{}',
		}));
		const failure = await failureOf(
			runNode({
				credentials: {
					apiKey: KEY,
					baseUrl: `${base}/v1`,
					authHeader: 'custom',
					headerName: `x-api-key: ${KEY}`,
				},
				parameters: { operation: 'get', videoId: 'v' },
			}),
		);
		expect(failure.message).toMatch(/^Get video v failed: .*\[redacted\]/);
		expectNoKey(failure);
	});
});
