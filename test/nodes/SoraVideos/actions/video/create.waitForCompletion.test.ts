import { createParameters } from '../../../../support/node-context';
import { defaultFileName } from '../../../../support/file-names';
import { run, sha256, simulator, useSimulators } from '../../../../support/node-harness';

// Create's Wait for Completion option (nodes/SoraVideos/actions/video/create.operation.ts): one node
// that returns the finished MP4, with Wait for Completion's loop and defaults.

useSimulators();

const createAndWait = (prompt: string, options = {}) => ({
	...createParameters,
	prompt,
	options: { waitForCompletion: true, ...options },
});

describe('Create with Wait for Completion', () => {
	it('returns the completed job with its MP4 in binary "data", each job created once and waited for together', async () => {
		const sim = await simulator();
		const prompts = ['a paper boat at dawn', 'a paper boat at noon', 'a paper boat at dusk'];
		const result = await run(sim, (index) => createAndWait(prompts[index]), {
			items: prompts.map((prompt) => ({ json: { prompt } })),
		});
		expect(sim.count('POST /videos')).toBe(3);
		expect(result.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		for (const item of result.output) {
			const id = String(item.json.id);
			expect(item.json).toMatchObject({ status: 'completed', wait: { timed_out: false } });
			expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
			expect(item.binary?.data.fileName).toMatch(defaultFileName(id, 'mp4'));
			expect(sha256(result.fileOf(item))).toBe(await sim.expectedSha256(id));
		}
		// One loop for the three jobs: its progress lines name them all.
		expect(result.messages[0]).toMatch(/^Sora Videos: 0 done, 0 failed, 3 waiting after 0 s/);
	});

	it('without the option, Create returns the job at once, as saved workflows expect', async () => {
		const sim = await simulator();
		const { output } = await run(sim, createParameters);
		expect(output[0].json.status).not.toBe('completed');
		expect(output[0].binary).toBeUndefined();
		expect(sim.count('GET /videos/{id}')).toBe(0);
	});

	it('with Continue On Fail, a job that fails keeps its id and status in its error item; the others come out whole', async () => {
		const sim = await simulator();
		const prompts = ['a calm lake', 'a storm [moderation]', 'a quiet forest'];
		const { output } = await run(sim, (index) => createAndWait(prompts[index]), {
			items: prompts.map((prompt) => ({ json: { prompt } })),
			continueOnFail: true,
		});
		expect(sim.count('POST /videos')).toBe(3);
		expect(output.map((item) => item.json.status)).toEqual(['completed', 'failed', 'completed']);
		expect(output[1].json).toMatchObject({ error: expect.stringMatching(/failed/) });
		expect(output[1].json.id).toEqual(expect.any(String));
		expect(output[1].binary).toBeUndefined();
		expect(output[2].binary?.data).toMatchObject({ mimeType: 'video/mp4' });
	});

	it('with Continue On Fail, an item whose Create fails costs the others nothing: they are still waited for and downloaded', async () => {
		const sim = await simulator();
		const prompts = ['a calm lake', '', 'a quiet forest'];
		const { output } = await run(sim, (index) => createAndWait(prompts[index]), {
			items: prompts.map((prompt) => ({ json: { prompt } })),
			continueOnFail: true,
		});
		expect(sim.count('POST /videos')).toBe(2);
		expect(output[1].json.error).toMatch(/Prompt/);
		for (const item of [output[0], output[2]]) {
			expect(item.json.status).toBe('completed');
			expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		}
	});

	it('without Continue On Fail, a failed job fails the run and names the jobs started for the other items', async () => {
		const sim = await simulator();
		const prompts = ['a storm [moderation]', 'a quiet forest'];
		const failure = await run(sim, (index) => createAndWait(prompts[index]), {
			items: prompts.map((prompt) => ({ json: { prompt } })),
		}).catch((error: Error & { description?: string }) => error);
		expect(failure).toBeInstanceOf(Error);
		expect((failure as Error).message).toMatch(/^Video \S+ failed/);
		expect((failure as { description?: string }).description).toMatch(
			/Jobs already started for other items .*item 1: /,
		);
		expect(sim.count('POST /videos')).toBe(2);
	});
});
