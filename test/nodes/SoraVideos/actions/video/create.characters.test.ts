import { createParameters, failureOf, runNode } from '../../../../support/node-context';
import { credentialsFor, run, simulator, useSimulators } from '../../../../support/node-harness';
import { inMemoryItem } from '../../../../support/video-items';

// Create's Characters option (nodes/SoraVideos/actions/video/create.operation.ts).

useSimulators();

async function character(sim: Awaited<ReturnType<typeof simulator>>, name: string) {
	const { output } = await run(
		sim,
		{ resource: 'character', operation: 'create', name, videoBinaryProperty: 'video' },
		{ items: [inMemoryItem()] },
	);
	return output[0].json.id as string;
}

describe.each(['openai', 'litellm'] as const)('against the %s profile', (profile) => {
	it('casts up to two characters as characters: [{id}] in a JSON body, sent once', async () => {
		const sim = await simulator(profile);
		const mossy = await character(sim, 'Mossy');
		const pip = await character(sim, 'Pip');
		const { output } = await run(sim, {
			...createParameters,
			prompt: 'Mossy and Pip fold a paper boat',
			options: { characterIds: ` ${mossy}, ${pip} ` },
		});
		const id = output[0].json.id as string;
		expect(sim.castOf(id)).toEqual([mossy, pip]);
		expect(sim.count('POST /videos')).toBe(1);
		expect(
			sim.log().find((entry) => entry.route === 'POST /videos')?.headers['content-type'],
		).toMatch(/^application\/json/);
	});
});

it('refuses a third character before sending', async () => {
	const sim = await simulator();
	const error = await failureOf(
		run(sim, { ...createParameters, options: { characterIds: 'char_a,char_b,char_c' } }),
	);
	expect(error.message).toBe(
		'Item 0, field "Characters": 3 character IDs are given; a video can cast at most 2',
	);
	expect(sim.log()).toEqual([]);
});

it("refuses characters when the credential's Server has none", async () => {
	const sim = await simulator();
	const error = await failureOf(
		runNode({
			credentials: credentialsFor(sim, { server: 'tensorrtLlm' }),
			parameters: { ...createParameters, options: { characterIds: 'char_a' } },
		}),
	);
	expect(error.message).toBe(
		'Item 0, field "Characters": TensorRT-LLM has no characters (POST /videos/characters)',
	);
	expect(sim.log()).toEqual([]);
});

it("the server's refusal of a prompt that does not name the character reaches the user", async () => {
	const sim = await simulator();
	const mossy = await character(sim, 'Mossy');
	const error = await failureOf(
		run(sim, { ...createParameters, prompt: 'a boat', options: { characterIds: mossy } }),
	);
	expect(error.message).toMatch(/must mention each character by name/);
});
