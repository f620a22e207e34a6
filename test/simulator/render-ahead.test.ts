import * as renders from '../../simulator/render';
import { cardFor } from '../../simulator/test-card';
import { startTestServer, stopAll } from './helpers';

// With renderAhead a job's MP4 is rendered when the job is created or remixed, as a real server
// has the file once the job is completed; without it, only a download renders.

let renderSpy: jest.SpyInstance;
beforeEach(() => {
	// No ffmpeg here: only which cards are rendered, and when, matters.
	renderSpy = jest.spyOn(renders, 'render').mockResolvedValue(Buffer.alloc(0));
});
afterEach(() => renderSpy.mockRestore());
afterAll(stopAll);

const fields = { prompt: 'A lighthouse at dawn', model: 'sora-2', size: '1280x720', seconds: '8' };

test("renderAhead renders a created job's MP4 before anyone asks for it", async () => {
	const t = await startTestServer({ renderAhead: true });
	const created = await t.json('/videos', { method: 'POST', json: fields });
	expect(created.status).toBe(200);
	expect(renderSpy.mock.calls).toEqual([[cardFor('1280x720', '8', fields.prompt), 'video']]);
});

test('renderAhead renders a remix under its new prompt', async () => {
	const t = await startTestServer({ renderAhead: true });
	const source = await t.completedVideo(fields);
	renderSpy.mockClear();
	const remix = await t.json(`/videos/${source.id}/remix`, {
		method: 'POST',
		json: { prompt: 'The same lighthouse at night' },
	});
	expect(remix.status).toBe(200);
	expect(renderSpy.mock.calls).toEqual([
		[cardFor('1280x720', '8', 'The same lighthouse at night'), 'video'],
	]);
});

test('renderAhead skips a job that will fail (nobody can download it)', async () => {
	const t = await startTestServer({ renderAhead: true });
	await t.json('/videos', { method: 'POST', json: { ...fields, prompt: 'x [moderation]' } });
	expect(renderSpy).not.toHaveBeenCalled();
});

test('by default a job is rendered on its first download only', async () => {
	const t = await startTestServer();
	const job = await t.completedVideo(fields);
	expect(renderSpy).not.toHaveBeenCalled();
	await t.call(`/videos/${job.id}/content`);
	expect(renderSpy.mock.calls).toEqual([[cardFor('1280x720', '8', fields.prompt), 'video']]);
});
