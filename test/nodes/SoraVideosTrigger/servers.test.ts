// The trigger against every server's list (cursor pages, plain pages, everything at once, oldest
// first), servers without a list, failed polls and the Download option.
import type { ServerProfile } from '../../../simulator';
import { LOOP_PATTERN } from '../../../nodes/SoraVideosTrigger/poll';
import { failureOf } from '../../support/node-context';
import {
	clock,
	create,
	RENDER_MS,
	credentialsFor,
	expectNoKey,
	sha256,
	simulator,
	useSimulators,
} from '../../support/node-harness';
import { emittedIds, trigger } from '../../support/trigger-harness';
import { defaultFileName } from '../../support/file-names';

useSimulators();

describe.each([
	['openai', 'auto', 'cursor pages with has_more'],
	['litellm', 'litellm', 'cursor pages behind a provider hint'],
	['bifrost', 'bifrost', 'cursor pages behind a provider hint'],
	['sglang', 'sglang', 'plain pages without has_more'],
	['trt', 'tensorrtLlm', 'every job in one answer, oldest first, query ignored'],
	['vllm-omni', 'vllmOmni', 'every job when no limit is sent'],
])('%s (Server %s): %s', (profile, server) => {
	it('emits each job that finishes after activation once', async () => {
		const sim = await simulator(profile as ServerProfile);
		await create(sim, profile as ServerProfile, 'before activation');
		clock.advance(RENDER_MS * 2);
		const watcher = trigger({ credentials: credentialsFor(sim, { server }) });
		expect(await watcher.poll()).toBeNull();
		const jobs = [];
		for (let index = 0; index < 3; index++) {
			jobs.push((await create(sim, profile as ServerProfile, `after ${index}`)).id);
			clock.advance(1000);
		}
		clock.advance(RENDER_MS * 2);
		expect(emittedIds(await watcher.poll())).toEqual(jobs);
		expect(await watcher.poll()).toBeNull();
		expectNoKey(watcher.saved());
	});
});

describe('servers without a list', () => {
	it('Server new-api is refused at activation, without a request, pointing to the loop pattern', async () => {
		const sim = await simulator('newapi');
		const watcher = trigger({ credentials: credentialsFor(sim, { server: 'newApi' }) });
		const error = await failureOf(watcher.poll());
		expect(error.message).toMatch(/needs a server that lists its jobs.*\(new-api\)/);
		expect(error.description).toBe(LOOP_PATTERN);
		expect(sim.count('GET /videos')).toBe(0);
	});

	it('a list route that answers 404 (new-api under Server auto) fails with the loop pattern too', async () => {
		const sim = await simulator('newapi');
		const watcher = trigger({ credentials: credentialsFor(sim) });
		const error = await failureOf(watcher.poll());
		expect(error.description).toContain('new-api has no list route');
		expect(error.description).toContain(LOOP_PATTERN);
	});
});

describe('a poll that fails', () => {
	it('reports the error, records nothing, and the next poll catches up', async () => {
		const sim = await simulator();
		const watcher = trigger({ credentials: credentialsFor(sim) });
		await watcher.poll();
		const job = await create(sim, 'openai');
		clock.advance(RENDER_MS);
		sim.configure({ faultRate: 1, faultKinds: ['503'], maxConsecutiveFaults: 100 });
		const error = await failureOf(watcher.poll());
		expect(error.message).toMatch(/overloaded/);
		expect(watcher.live().seen).toEqual({});
		sim.configure({ faultRate: 0 });
		expect(emittedIds(await watcher.poll())).toEqual([job.id]);
	});

	it('a 429 between the pages of one poll is waited out and nothing is emitted twice', async () => {
		const sim = await simulator('openai', { renderMs: 1000 });
		const watcher = trigger({
			credentials: credentialsFor(sim),
			parameters: { options: { includeEarlier: true } },
		});
		const jobs = [];
		for (let index = 0; index < 30; index++) jobs.push((await create(sim, 'openai')).id);
		clock.advance(5000);
		sim.configure({ faultRate: 0.5, faultKinds: ['429'], maxConsecutiveFaults: 2 });
		expect(new Set(emittedIds(await watcher.poll()))).toEqual(new Set(jobs));
		expect(await watcher.poll()).toBeNull();
	});
});

describe('Download', () => {
	it('puts each completed job’s file into binary data, the bytes the server sent', async () => {
		const sim = await simulator();
		const watcher = trigger({
			credentials: credentialsFor(sim),
			parameters: {
				event: 'finished',
				options: { download: true, variant: 'thumbnail', binaryPropertyName: 'thumb' },
			},
		});
		await watcher.poll();
		const good = await create(sim, 'openai', 'good');
		const blocked = await create(sim, 'openai', 'blocked [moderation]');
		clock.advance(RENDER_MS);
		const items = (await watcher.poll())!;
		const byId = new Map(items.map((item) => [item.json.id, item]));
		const file = watcher.fileOf(byId.get(good.id)!, 'thumb');
		expect(sha256(file)).toBe(await sim.expectedSha256(good.id, 'thumbnail'));
		expect(byId.get(good.id)!.binary!.thumb.mimeType).toBe('image/webp');
		expect(byId.get(blocked.id)!.binary).toBeUndefined();
	});

	it('names each file readably, or with the File Name option, the same typed name', async () => {
		const sim = await simulator();
		const named = trigger({
			credentials: credentialsFor(sim),
			parameters: { event: 'completed', options: { download: true, fileName: 'finished' } },
		});
		const unnamed = trigger({
			credentials: credentialsFor(sim),
			parameters: { event: 'completed', options: { download: true } },
		});
		await named.poll();
		await unnamed.poll();
		const job = await create(sim, 'openai', 'a lantern on a pier');
		clock.advance(RENDER_MS);
		expect((await named.poll())![0].binary!.data.fileName).toBe('finished.mp4');
		const readable = (await unnamed.poll())![0].binary!.data.fileName;
		expect(readable).toMatch(defaultFileName(job.id, 'mp4'));
		expect(readable).toMatch(/^a-lantern-on-a-pier-/);
	});

	it('a file the server will never give (404 after the retries) does not hold the trigger up', async () => {
		const sim = await simulator('openai', { contentFailures: -1 });
		const watcher = trigger({
			credentials: credentialsFor(sim),
			parameters: { options: { download: true } },
		});
		await watcher.poll();
		const job = await create(sim, 'openai');
		clock.advance(RENDER_MS);
		const [item] = (await watcher.poll())!;
		expect(item.json).toMatchObject({ id: job.id, status: 'completed' });
		expect(item.binary).toBeUndefined();
		expect(item.json.downloadError).toMatchObject({ message: expect.stringMatching(/404|not/i) });
		expect(await watcher.poll()).toBeNull();
	});

	it('a download that keeps failing with 5xx fails the poll; the next poll downloads it', async () => {
		const sim = await simulator();
		let failDownloads = true;
		const watcher = trigger({
			credentials: credentialsFor(sim),
			parameters: { options: { download: true } },
			// The list answers; from the first download on, every read fails with 500.
			onRequest: (request) => {
				if (failDownloads && String(request.url).includes('/content'))
					sim.configure({ faultRate: 1, faultKinds: ['500'], maxConsecutiveFaults: 100 });
			},
		});
		await watcher.poll();
		const job = await create(sim, 'openai');
		clock.advance(RENDER_MS);
		expect((await failureOf(watcher.poll())).message).toMatch(/overloaded|500|server/i);
		expect(watcher.live().seen).toEqual({});
		failDownloads = false;
		sim.configure({ faultRate: 0 });
		const [item] = (await watcher.poll())!;
		expect(item.json.id).toBe(job.id);
		expect(sha256(watcher.fileOf(item))).toBe(await sim.expectedSha256(job.id, 'video'));
	});
});

describe('the editor’s Fetch Test Event', () => {
	it('returns the newest finished job and changes no state', async () => {
		const sim = await simulator();
		await create(sim, 'openai', 'older');
		clock.advance(1000);
		const newest = await create(sim, 'openai', 'newest');
		clock.advance(RENDER_MS);
		const watcher = trigger({ credentials: credentialsFor(sim) });
		expect(emittedIds(await watcher.test())).toEqual([newest.id]);
		expect(watcher.live()).toEqual({});
	});

	it('says so when no job has finished yet', async () => {
		const sim = await simulator();
		await create(sim, 'openai');
		const watcher = trigger({ credentials: credentialsFor(sim), parameters: { event: 'failed' } });
		const error = await failureOf(watcher.test());
		expect(error.message).toBe('No failed video job on this server in the last 24 hours yet');
		expect(error.description).toMatch(/Create a video/);
	});
});
