import { jsonAnswer as json, useLocalServers, type Route } from '../support/local-server';
import { createParameters, failureOf } from '../support/node-context';
import { runAt, useSimulators } from '../support/node-harness';

// vLLM-Omni's "Model mismatch" names the models the server lists, read from its GET /models.

useSimulators();
const { serve } = useLocalServers();

const mismatch = {
	error: { message: "Model mismatch: request specifies 'sora-2' but server is running 'wan'" },
};
const refusing =
	(models: unknown): Route =>
	(request) =>
		request.url.pathname.endsWith('/models') ? json(200, models) : json(400, mismatch);

it('names only the entries with a usable id, in the order the server lists them', async () => {
	const server = await serve(
		refusing({
			object: 'list',
			data: [{ id: 'wan' }, { id: '' }, { id: 7 }, { object: 'model' }, { id: 'wan-i2v' }],
		}),
	);
	const failure = await failureOf(runAt(server.baseUrl, createParameters));
	expect(failure.description).toBe(
		`This server serves wan, wan-i2v: pick it as the Model, or leave Model empty so the server uses its own. HTTP 400. Server said: ${JSON.stringify(mismatch)}`,
	);
});

it('a model list without a data array names none', async () => {
	const server = await serve(refusing({ object: 'list', models: ['wan'] }));
	const failure = await failureOf(runAt(server.baseUrl, createParameters));
	expect(failure.description).toBe(`HTTP 400. Server said: ${JSON.stringify(mismatch)}`);
});
