import { getModels } from '../../../../nodes/SoraVideos/methods/loadOptions';
import { jsonAnswer, useLocalServers } from '../../../support/local-server';
import { loadOptionsContext, runNode } from '../../../support/node-context';
import { credentialsAt, KEY, simulator, useSimulators } from '../../../support/node-harness';

// The client's OpenRouter mapping (client/videos.ts): its video models come from /videos/models,
// and Create's checks are a courtesy that a missing catalog does not block.

useSimulators();
const { serve } = useLocalServers();

it('the Model list is OpenRouter’s video models (GET /videos/models), asked once', async () => {
	const sim = await simulator('openrouter');
	const options = await getModels.call(
		loadOptionsContext({ apiKey: KEY, baseUrl: sim.baseUrl, server: 'openRouter' }),
	);
	expect(options.map((option) => option.value)).toEqual([
		'google/veo-3.1',
		'openai/sora-2-pro',
		'alibaba/wan-2.6',
		'',
	]);
	expect(sim.log().map((entry) => entry.route)).toEqual(['GET /videos/models']);
});

it('without a catalog to check against, Create is sent as it is, with a warning in the log', async () => {
	const server = await serve((request) =>
		request.method === 'POST'
			? jsonAnswer(202, { id: 'vgen-1', polling_url: '/api/v1/videos/vgen-1', status: 'pending' })
			: jsonAnswer(404, { error: { code: 404, message: 'Not Found' } }),
	);
	const { output, logs } = await runNode({
		credentials: credentialsAt(`${server.origin}/api/v1`, { server: 'openRouter' }),
		parameters: {
			operation: 'create',
			prompt: 'p',
			model: 'some/new-model',
			seconds: '7',
			size: '1280x720',
			options: {},
		},
	});
	expect(output[0].json).toMatchObject({ id: 'vgen-1', status: 'queued' });
	expect(server.seen.map((request) => `${request.method} ${request.path}`)).toEqual([
		'GET /api/v1/videos/models',
		'POST /api/v1/videos',
	]);
	expect(JSON.parse(server.seen[1].body.toString())).toEqual({
		model: 'some/new-model',
		prompt: 'p',
		duration: 7,
		aspect_ratio: '16:9',
		resolution: '720p',
	});
	expect(logs.some((line) => /^warn: Sora Videos: no model checks/.test(line))).toBe(true);
});
