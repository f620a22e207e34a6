import { jobState, newJob } from '../../simulator/jobs';
import { defaultOptions } from '../../simulator/options';
import { testResponseSchemas, useValidatedServer } from './helpers';

// A job's lifecycle (simulator/jobs.ts), computed from the clock alone.

const t = useValidatedServer();

test('queued → in_progress with rising progress → completed, from the clock alone', async () => {
	const { body: created } = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'waves', seconds: '8', size: '1280x720' },
	});
	const seen: Array<[string, number]> = [];
	for (let i = 0; i < 12; i++) {
		const { body } = await t.json(`/videos/${created.id}`);
		seen.push([body.status, body.progress]);
		t.clock.advance(1000);
	}
	expect(seen[0]).toEqual(['queued', 0]);
	const running = seen.filter(([s]) => s === 'in_progress').map(([, p]) => p);
	expect(running.length).toBeGreaterThan(5);
	expect(running).toEqual([...running].sort((a, b) => a - b));
	expect(Math.max(...running)).toBeLessThan(100);
	expect(seen[seen.length - 1]).toEqual(['completed', 100]);
	const { body: done } = await t.json(`/videos/${created.id}`);
	expect(done.completed_at).toBe(Math.floor((created.created_at * 1000 + 10000) / 1000));
	expect(done.expires_at).toBe(done.completed_at + 3600);
	expect(t.sim.completedAt(created.id)).not.toBeNull();
});

test('progress is the percent of the render done, rounded down by the profile, held at 99 until completed', () => {
	const options = { ...defaultOptions(), now: () => 0, renderMs: 10_000, queueMs: 0 };
	const job = newJob(
		'video_1',
		{
			model: 'sora-2',
			prompt: 'waves',
			size: '1280x720',
			seconds: '4',
			remixedFrom: null,
			reference: null,
		},
		options,
	);
	const progressAt = (ms: number) => jobState(job, ms, 3600).progress;
	expect(progressAt(2_500)).toBe(25);
	expect(progressAt(9_900)).toBe(99);
	expect(progressAt(9_999)).toBe(99);
	expect(jobState(job, 10_000, 3600)).toMatchObject({ status: 'completed', progress: 100 });
});

test('completedAt is null until the render ends; pro models render twice as long', async () => {
	const { body: pro } = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'slow', model: 'sora-2-pro', size: '1792x1024' },
	});
	const start = t.clock.now();
	t.clock.advance(15000);
	expect(t.sim.completedAt(pro.id)).toBeNull();
	expect((await t.json(`/videos/${pro.id}`)).body.status).toBe('in_progress');
	t.clock.advance(5000);
	expect(t.sim.completedAt(pro.id)).toBe(start + 20000);
});

test('a prompt with the moderation marker fails with moderation_blocked', async () => {
	const { body } = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'something [moderation] here' },
	});
	t.clock.advance(2000);
	const { body: failed } = await t.json(`/videos/${body.id}`);
	expect(failed.status).toBe('failed');
	expect(failed.error).toEqual({
		code: 'moderation_blocked',
		message: 'Your request was blocked by our moderation system.',
	});
	expect(t.sim.completedAt(body.id)).toBeNull();
	const content = await t.json(`/videos/${body.id}/content`);
	expect(content.status).toBe(404);
});

testResponseSchemas(t);
