import { getModels } from '../../../../nodes/SoraVideos/methods/loadOptions';
import { DEFAULT_SERVED_MODEL } from '../../../../simulator/options';
import { jsonAnswer as json, useLocalServers } from '../../../support/local-server';
import { loadOptionsContext } from '../../../support/node-context';
import {
	credentialsAt as credentials,
	credentialsFor,
	simulator,
	useSimulators,
} from '../../../support/node-harness';

// The Model dropdown: the server's own models from GET {Base URL}/models, video models first, then
// the server's default; sora-2 and sora-2-pro when the server does not answer.

const WAN = DEFAULT_SERVED_MODEL;

useSimulators();
const { serve } = useLocalServers();

/** A server whose GET /models answers `body`; returns its origin and the requests it got. */
const modelsServer = async (body: unknown) => await serve(() => json(200, body));

describe('the Model list', () => {
	it("lists the server's own models, from a Base URL typed with spaces and trailing slashes, with its query parameters", async () => {
		const server = await modelsServer({
			object: 'list',
			data: [{ id: 'wan-2.2' }, { id: '' }, { id: 7 }, { object: 'model' }, { id: 'sora-2' }],
		});
		const options = await getModels.call(
			loadOptionsContext(
				credentials(` ${server.origin}/v1// `, { queryParameters: 'provider=openai' }),
			),
		);
		expect(options.map((option) => option.value)).toEqual(['wan-2.2', 'sora-2', '']);
		expect(server.seen.map((request) => request.path)).toEqual(['/v1/models?provider=openai']);
	});

	it('sends no query string when the credential has no query parameters', async () => {
		const server = await modelsServer({ data: [{ id: 'sora-2' }] });
		await getModels.call(loadOptionsContext(credentials(`${server.origin}/v1`)));
		expect(server.seen.map((request) => request.path)).toEqual(['/v1/models']);
	});

	it("the dropdown lists the server's own models (GET {Base URL}/models), then the server's default", async () => {
		const sim = await simulator('vllm-omni');
		const options = await getModels.call(loadOptionsContext(credentialsFor(sim)));
		expect(options.map((option) => option.value)).toEqual([WAN, '']);
		const openai = await simulator('openai');
		const listed = (await getModels.call(loadOptionsContext(credentialsFor(openai)))).map(
			(option) => option.value,
		);
		expect(listed.slice(0, 2)).toEqual(['sora-2', 'sora-2-pro']);
		expect(openai.log()[0]).toMatchObject({
			route: 'GET /models',
			headers: { authorization: '[redacted]' },
		});
	});

	it('offers sora-2 and sora-2-pro when the server does not answer', async () => {
		const sim = await simulator('openai');
		const unreachable = { ...credentialsFor(sim), baseUrl: 'http://127.0.0.1:9/v1' };
		const wrongKey = { ...credentialsFor(sim), apiKey: 'sk-wrong' };
		for (const credentials of [unreachable, wrongKey]) {
			const options = await getModels.call(loadOptionsContext(credentials));
			expect(options.map((option) => option.value)).toEqual(['sora-2', 'sora-2-pro', '']);
		}
	});
});

it('asks a failing server once and offers the Sora models instead, so the dropdown does not wait out retries', async () => {
	const server = await serve(() => json(503, { error: { message: 'overloaded' } }));
	const options = await getModels.call(
		loadOptionsContext({ apiKey: 'sk-test', baseUrl: `${server.origin}/v1` }),
	);
	expect(options.map((option) => option.value)).toEqual(['sora-2', 'sora-2-pro', '']);
	expect(server.seen).toHaveLength(1);
});
