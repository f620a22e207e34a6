import { failureOf, runNode } from '../../../../support/node-context';
import {
	credentialsFor,
	expectNoKey,
	run,
	sha256,
	simulator,
	useSimulators,
} from '../../../../support/node-harness';
import { clip, inMemoryItem, storedItem } from '../../../../support/video-items';

// Character Create (nodes/SoraVideos/actions/character/create.operation.ts) against the simulator.

useSimulators();
const createCharacter = (extra: Record<string, unknown> = {}) => ({
	resource: 'character',
	operation: 'create',
	name: 'Mossy',
	videoBinaryProperty: 'video',
	...extra,
});

describe.each(['openai', 'litellm'] as const)('against the %s profile', (profile) => {
	it('makes a character from a stored MP4, uploaded whole', async () => {
		const sim = await simulator(profile);
		const { output } = await run(sim, createCharacter(), {
			items: [storedItem('clip')],
			stored: { clip },
		});
		expect(output[0].json).toMatchObject({ name: 'Mossy' });
		expect(output[0].pairedItem).toEqual({ item: 0 });
		const id = output[0].json.id as string;
		expect(sim.uploadOf(id)).toMatchObject({ bytes: clip.length, sha256: sha256(clip) });
		expect(sim.count('POST /videos/characters')).toBe(1);
		expectNoKey(output);
	});
});

describe('checked before anything is sent', () => {
	it.each([
		['an empty name', { name: '' }, [inMemoryItem()], /field "Name": the name is empty/],
		[
			'an 81-character name',
			{ name: 'x'.repeat(81) },
			[inMemoryItem()],
			/81 characters; the limit is 80/,
		],
		['no binary data', {}, [{ json: {} }], /has no binary property "video"/],
		[
			'a JPEG',
			{},
			[inMemoryItem(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0]))],
			/its bytes are image\/jpeg/,
		],
	])('%s', async (_name, extra, items, message) => {
		const sim = await simulator();
		const error = await failureOf(run(sim, createCharacter(extra), { items }));
		expect(error.message).toMatch(message);
		expect(sim.log()).toEqual([]);
	});

	it("refuses when the credential's Server has no characters", async () => {
		const sim = await simulator();
		const error = await failureOf(
			runNode({
				credentials: credentialsFor(sim, { server: 'newApi' }),
				parameters: createCharacter(),
				items: [inMemoryItem()],
			}),
		);
		expect(error.message).toBe('new-api has no characters (POST /videos/characters)');
		expect(sim.log()).toEqual([]);
	});
});

it('a server without the route is said to have no Characters', async () => {
	const sim = await simulator('vllm-omni');
	const error = await failureOf(run(sim, createCharacter(), { items: [inMemoryItem()] }));
	expect(error.description).toMatch(/has no Characters/);
});
