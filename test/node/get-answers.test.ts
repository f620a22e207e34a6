import { jsonAnswer as json, useLocalServers } from '../support/local-server';
import { runNode } from '../support/node-context';
import { credentialsAt, runAt, useSimulators } from '../support/node-harness';

// What Get and Get Many read and ask: the id on a read that leaves it out, and the credential's
// Query Parameters on a list request.

useSimulators();
const { serve } = useLocalServers();
const get = (videoId: string) => ({ operation: 'get', videoId });

it('a read without an id gives the id that was asked for', async () => {
	const server = await serve(() =>
		json(200, { object: 'video', status: 'in_progress', progress: 40 }),
	);
	const { output } = await runAt(server.baseUrl, get('video_123'));
	expect(output[0].json).toMatchObject({ id: 'video_123', status: 'in_progress', progress: 40 });
});

it("a read with an id keeps the server's own", async () => {
	const server = await serve(() => json(200, { id: 'task_9', object: 'video', status: 'queued' }));
	const { output } = await runAt(server.baseUrl, get('video_123'));
	expect(output[0].json.id).toBe('task_9');
});

it("Get Many's first request keeps the order and cursor the credential's Query Parameters set", async () => {
	const server = await serve(() => json(200, { object: 'list', data: [], has_more: false }));
	await runNode({
		credentials: credentialsAt(server.baseUrl, { queryParameters: 'order=asc&after=video_0' }),
		parameters: { operation: 'getMany', returnAll: true, options: {} },
	});
	const query = server.seen[0].url.searchParams;
	expect([query.get('order'), query.get('after')]).toEqual(['asc', 'video_0']);
});
