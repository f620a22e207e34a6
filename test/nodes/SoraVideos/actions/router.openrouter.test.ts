import { runNode, failureOf } from '../../../support/node-context';
import { credentialsFor, simulator, useSimulators } from '../../../support/node-harness';

// What OpenRouter does not have is refused for every item before any request, saying what to do
// instead (docs/protocol.md rule 37): one table of each server's gaps (helpers/servers.ts),
// checked by the router, so an operation added later is covered by a line there.

useSimulators();

const openRouter = async () => {
	const sim = await simulator('openrouter');
	return { sim, credentials: credentialsFor(sim, { server: 'openRouter' }) };
};

it.each([
	// [operation, its parameters, the message, what to do instead]
	['remix', { videoId: 'vgen-1', prompt: 'p' }, 'OpenRouter has no remix', /adjusted prompt/],
	[
		'getMany',
		{ returnAll: true },
		'OpenRouter has no list of videos (Get Many)',
		/read each with Get/,
	],
	['delete', { videoId: 'vgen-1' }, 'OpenRouter has no delete', /expire on their own/],
])(
	'%s is refused with what to do instead, without a request',
	async (operation, parameters, message, instead) => {
		const { sim, credentials } = await openRouter();
		const error = await failureOf(
			runNode({ credentials, parameters: { operation, ...parameters } }),
		);
		expect(error.message).toBe(message);
		expect(error.description).toMatch(instead);
		expect(error.description).toContain("The credential's Server is OpenRouter.");
		expect(sim.log()).toEqual([]);
	},
);

it('with Continue On Fail, each item gets the refusal', async () => {
	const { sim, credentials } = await openRouter();
	const { output } = await runNode({
		credentials,
		parameters: { operation: 'delete', videoId: 'vgen-1' },
		items: [{ json: {} }, { json: {} }],
		continueOnFail: true,
	});
	expect(output.map((item) => [item.json.error, item.pairedItem])).toEqual([
		['OpenRouter has no delete', { item: 0 }],
		['OpenRouter has no delete', { item: 1 }],
	]);
	expect(sim.log()).toEqual([]);
});

it('what OpenRouter has runs as usual: Get reads the job', async () => {
	const { sim, credentials } = await openRouter();
	const { output } = await runNode({
		credentials,
		parameters: { operation: 'get', videoId: 'vgen-nobody' },
		continueOnFail: true,
	});
	expect(output[0].json.httpCode).toBe(404);
	expect(sim.log().map((entry) => entry.route)).toEqual(['GET /videos/{id}']);
});
