import { jsonAnswer as json, useLocalServers, type Route } from '../support/local-server';
import { createParameters, failureOf } from '../support/node-context';
import { runAt, useSimulators } from '../support/node-harness';

// What Create makes of answers the simulator's profiles do not give: a success without a job id,
// and vLLM-Omni's "Model mismatch" when the server's model list cannot help.

useSimulators();
const { serve } = useLocalServers();

describe('a 2xx answer without a job id', () => {
	it('fails the item: the request was accepted, but there is no job to wait for', async () => {
		const answer = { object: 'video', status: 'queued', progress: 0 };
		const server = await serve(() => json(200, answer));
		const failure = await failureOf(runAt(server.baseUrl, createParameters));
		expect(failure.message).toBe(
			'Create failed: the server accepted the request but returned no job ID',
		);
		expect(failure.description).toBe(`It answered HTTP 200: ${JSON.stringify(answer)}`);
		expect(failure).toMatchObject({ httpCode: '200', context: { itemIndex: 0 } });
		expect(server.seen.map((request) => `${request.method} ${request.path}`)).toEqual([
			'POST /v1/videos',
		]);
	});
});

describe('"Model mismatch" from a server whose model list cannot help', () => {
	const mismatch = {
		error: { message: "Model mismatch: request specifies 'sora-2' but server is running 'wan'" },
	};
	const refusing =
		(models: () => ReturnType<Route>): Route =>
		(request) =>
			request.url.pathname.endsWith('/models') ? models() : json(400, mismatch);

	it.each([
		['answers 404', () => json(404, { error: { message: 'no route' } })],
		['lists no model', () => json(200, { object: 'list', data: [] })],
	])(
		"when /models %s, the error is the server's own, with no list of models",
		async (_case, models) => {
			const server = await serve(refusing(models));
			const failure = await failureOf(runAt(server.baseUrl, createParameters));
			expect(failure.message).toBe(`Create failed: ${mismatch.error.message}`);
			expect(failure.description).toBe(`HTTP 400. Server said: ${JSON.stringify(mismatch)}`);
			expect(server.seen.map((request) => request.url.pathname)).toEqual([
				'/v1/videos',
				'/v1/models',
			]);
		},
	);

	it('another refusal does not ask the server for its models', async () => {
		const server = await serve(() => json(400, { error: { message: 'size is not supported' } }));
		await failureOf(runAt(server.baseUrl, createParameters));
		expect(server.seen.map((request) => request.url.pathname)).toEqual(['/v1/videos']);
	});
});
