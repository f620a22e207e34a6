import { failureOf } from '../../../../support/node-context';
import { run, simulator, useSimulators } from '../../../../support/node-harness';
import { inMemoryItem } from '../../../../support/video-items';

// Character Get (nodes/SoraVideos/actions/character/get.operation.ts) against the simulator.

useSimulators();

describe.each(['openai', 'litellm'] as const)('against the %s profile', (profile) => {
	it('reads back the character Character Create made, by the id on the input item', async () => {
		const sim = await simulator(profile);
		const made = await run(
			sim,
			{ resource: 'character', operation: 'create', name: 'Pip', videoBinaryProperty: 'video' },
			{ items: [inMemoryItem()] },
		);
		const { output } = await run(
			sim,
			{ resource: 'character', operation: 'get', characterId: made.output[0].json.id },
			{ items: made.output },
		);
		expect(output[0].json).toEqual(made.output[0].json);
	});
});

it("an unknown character is the server's 404, without the missing-route hint", async () => {
	const sim = await simulator();
	const error = await failureOf(
		run(sim, { resource: 'character', operation: 'get', characterId: 'char_nope' }),
	);
	expect(error.message).toMatch(/Character with id 'char_nope' not found/);
	expect(error.description).not.toMatch(/has no Characters/);
});

it('an empty character id is refused before sending', async () => {
	const sim = await simulator();
	const error = await failureOf(
		run(sim, { resource: 'character', operation: 'get', characterId: ' ' }),
	);
	expect(error.message).toBe('Item 0, field "Character ID": the character ID is empty');
	expect(sim.log()).toEqual([]);
});
