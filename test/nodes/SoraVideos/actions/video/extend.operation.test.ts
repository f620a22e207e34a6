import { mp4Info } from '../../../../../simulator/mp4';
import { failureOf, runNode } from '../../../../support/node-context';
import {
	clock,
	create,
	credentialsFor,
	run,
	simulator,
	useSimulators,
} from '../../../../support/node-harness';
import { clip, storedItem } from '../../../../support/video-items';

// Extend (nodes/SoraVideos/actions/video/extend.operation.ts) against the simulator.

useSimulators();
const extend = (extra: Record<string, unknown>) => ({
	operation: 'extend',
	prompt: 'the boat reaches the open sea',
	videoSource: 'id',
	seconds: '8',
	options: {},
	...extra,
});

describe.each(['openai', 'litellm'] as const)('against the %s profile', (profile) => {
	it('extends twice, each sent once; the job says and the file holds the stitched length', async () => {
		const sim = await simulator(profile);
		let video = await create(sim, profile);
		for (const seconds of ['8', '4']) {
			clock.advance(20001);
			const { output } = await run(sim, extend({ videoId: video.id, seconds }));
			video = output[0].json as typeof video;
		}
		expect(video).toMatchObject({ seconds: '16', size: '720x1280' });
		expect(sim.count('POST /videos/extensions')).toBe(2);
		const waited = await run(
			sim,
			{ operation: 'waitForCompletion', videoId: video.id, options: { download: true } },
			{ items: [{ json: video }] },
		);
		expect(mp4Info(waited.fileOf(waited.output[0]))).toMatchObject({ seconds: 16 });
	});
});

it('extends an uploaded MP4 on OpenAI; LiteLLM reads only ids there and says so', async () => {
	const openai = await simulator();
	const parameters = extend({ videoSource: 'binary', videoBinaryProperty: 'video', seconds: '4' });
	const items = [storedItem('clip')];
	const { output } = await run(openai, parameters, { items, stored: { clip } });
	expect(output[0].json).toMatchObject({ seconds: '5', size: '320x180' });

	const litellm = await simulator('litellm');
	const error = await failureOf(run(litellm, parameters, { items, stored: { clip } }));
	expect(error.message).toMatch(/video\.id/);
	expect(litellm.count('POST /videos/extensions')).toBe(1);
});

describe('checked before anything is sent', () => {
	it.each([
		['5 seconds', { seconds: '5' }, /field "Seconds": an extension cannot be 5 seconds long/],
		['no seconds', { seconds: '' }, /field "Seconds": the length of the new segment is empty/],
		['an empty video id', { videoId: '' }, /field "Video ID": the video ID is empty/],
		['a prompt over 32000 characters', { prompt: 'x'.repeat(32001) }, /32001 characters/],
	])('%s', async (_name, extra, message) => {
		const sim = await simulator();
		const error = await failureOf(run(sim, extend({ videoId: 'video_1', ...extra })));
		expect(error.message).toMatch(message);
		expect(sim.log()).toEqual([]);
	});

	it.each([
		['Bifrost', 'bifrost'],
		['SGLang', 'sglang'],
	])("refuses when the credential's Server is %s", async (name, server) => {
		const sim = await simulator();
		const error = await failureOf(
			runNode({
				credentials: credentialsFor(sim, { server }),
				parameters: extend({ videoId: 'v' }),
			}),
		);
		expect(error.message).toBe(`${name} has no video extensions (POST /videos/extensions)`);
		expect(error.description).toMatch(/LiteLLM proxy from v1\.83.*The credential's Server is /);
		expect(sim.log()).toEqual([]);
	});
});

it('a server without the route is said to have no Extend', async () => {
	const sim = await simulator('sglang');
	const error = await failureOf(run(sim, extend({ videoId: 'video_1' })));
	expect(error.description).toMatch(/has no Extend/);
});
