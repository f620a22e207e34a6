import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../../../../simulator';
import { failureOf, runNode } from '../../../../support/node-context';
import {
	clock,
	credentialsFor,
	expectNoKey,
	sha256,
	simulator,
	useSimulators,
	veoParameters,
} from '../../../../support/node-harness';

// Waiting for and downloading OpenRouter jobs: its statuses read in OpenAI's words (pending is
// queued; cancelled and expired end a wait as failed, the server's word kept), its advised poll
// interval, and its file from /content?index=0, else from the signed urls[0] without the key.

useSimulators();

const veo = veoParameters;

function on(sim: Simulator) {
	const credentials = credentialsFor(sim, { server: 'openRouter' });
	return {
		create: async (prompt = veo.prompt) =>
			String((await runNode({ credentials, parameters: { ...veo, prompt } })).output[0].json.id),
		run: async (parameters: IDataObject, continueOnFail = false) =>
			await runNode({ credentials, parameters, continueOnFail }),
	};
}

const waitFor = (videoId: string, options: IDataObject = {}) => ({
	operation: 'waitForCompletion',
	videoId,
	options,
});

it('waits and downloads from /content?index=0, byte for byte, never touching the signed origin', async () => {
	const sim = await simulator('openrouter');
	const node = on(sim);
	const id = await node.create();
	const result = await node.run(waitFor(id, { download: true }));
	const [item] = result.output;
	expect(item.json).toMatchObject({ id, status: 'completed', progress: 100 });
	expect(sha256(result.fileOf(item))).toBe(await sim.expectedSha256(id));
	expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${id}.mp4` }); // a short id, kept whole
	const content = sim.log().filter((entry) => entry.route === 'GET /videos/{id}/content');
	expect(content.map((entry) => entry.path)).toEqual([`/api/v1/videos/${id}/content?index=0`]);
	expect(sim.log().filter((entry) => entry.origin === 'files')).toEqual([]);
	expectNoKey(result.output);
});

it('when /content has nothing, the file comes from urls[0], asked for without the key', async () => {
	const sim = await simulator('openrouter', { contentFailures: -1 });
	const node = on(sim);
	const id = await node.create();
	const result = await node.run(waitFor(id, { download: true }));
	expect(sha256(result.fileOf(result.output[0]))).toBe(await sim.expectedSha256(id));
	const signed = sim.log().filter((entry) => entry.origin === 'files');
	expect(signed.map((entry) => [entry.status, entry.headers.authorization])).toEqual([
		[200, undefined],
	]);
	expect(sim.count('GET /videos/{id}/content')).toBe(3);
});

it('Download reads the job, then its file through /content?index=0', async () => {
	const sim = await simulator('openrouter');
	const node = on(sim);
	const id = await node.create();
	clock.advance(30_000);
	const result = await node.run({
		operation: 'download',
		videoId: id,
		variant: 'video',
		binaryPropertyName: 'data',
	});
	expect(sha256(result.fileOf(result.output[0]))).toBe(await sim.expectedSha256(id));
	expect(sim.log().map((entry) => entry.path.replace(id, 'ID'))).toEqual([
		'/api/v1/videos/models',
		'/api/v1/videos',
		'/api/v1/videos/ID',
		'/api/v1/videos/ID/content?index=0',
	]);
});

it('polls every 10 to 30 s as OpenRouter advises, sooner once progress shows the end is near', async () => {
	const sim = await simulator('openrouter', { renderMs: 60_000 });
	const node = on(sim);
	const id = await node.create();
	const { output } = await node.run(waitFor(id));
	const wait = output[0].json.wait as IDataObject;
	// The first looks see no rate of progress yet: they keep to the advice.
	expect(clock.sleeps.slice(0, 2)).toEqual([10_000, 20_000]);
	expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(30_000);
	expect(clock.sleeps.some((ms) => ms < 10_000)).toBe(true);
	// Reported soon after the end (60 s) rather than up to 10 s late.
	expect(wait.waited_seconds).toBeGreaterThanOrEqual(60);
	expect(wait.waited_seconds).toBeLessThan(62);
});

it('pending reads as queued, the server’s word kept', async () => {
	const sim = await simulator('openrouter');
	const node = on(sim);
	const id = await node.create();
	const { output } = await node.run({ operation: 'get', videoId: id });
	expect(output[0].json).toMatchObject({ status: 'queued', server_values: { status: 'pending' } });
});

it('cancelled ends the wait as failed, with the server’s word and its reason', async () => {
	const sim = await simulator('openrouter');
	const node = on(sim);
	const id = await node.create('a lighthouse [cancelled]');
	const error = await failureOf(node.run(waitFor(id)));
	expect(error.message).toBe(
		`Video ${id} failed: The provider cancelled the generation. (code error)`,
	);
	expect(error.context?.video).toMatchObject({
		status: 'failed',
		server_values: { status: 'cancelled', error: 'The provider cancelled the generation.' },
	});
	const { output } = await node.run(waitFor(id), true);
	expect(output[0].json).toMatchObject({
		status: 'failed',
		video: { server_values: { status: 'cancelled' } },
	});
});

it('expired ends the wait as failed, named by the server’s word when it gives no reason', async () => {
	const sim = await simulator('openrouter', { assetLifetimeSeconds: 5 });
	const node = on(sim);
	const id = await node.create();
	clock.advance(60_000);
	const error = await failureOf(node.run(waitFor(id, { download: true })));
	expect(error.message).toBe(
		`Video ${id} failed: The job ended as "expired" without a reason (code expired)`,
	);
	expect(sim.count('GET /videos/{id}/content')).toBe(0);
});
