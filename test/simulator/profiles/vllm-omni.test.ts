import { download, form, isMp4, useTestServer } from '../helpers';

// vLLM-Omni (simulator/profiles/vllm-omni.ts; self-hosted-servers.md §1).

const t = useTestServer({ profile: 'vllm-omni', servedModel: 'Wan-AI/Wan2.1-T2V-1.3B-Diffusers' });
const created = async (fields: Record<string, string> = {}) =>
	(await t.json('/videos', { method: 'POST', body: form({ prompt: 'p', ...fields }) })).body;

test("multipart only: a JSON body is vLLM's 400 validation error for body.prompt", async () => {
	const res = await t.json('/videos', { method: 'POST', json: { prompt: 'p' } });
	expect(res.status).toBe(400);
	expect(res.body.error).toMatchObject({
		type: 'Bad Request',
		param: 'body.prompt',
		code: 400,
		message: expect.stringContaining('Field required'),
	});
});

test('video_gen_ ids, queued then in_progress at once, progress 0 then 100, extra fields', async () => {
	const body = await created();
	expect(body).toMatchObject({
		id: expect.stringMatching(/^video_gen_[0-9a-f]{32}$/),
		status: 'queued',
		progress: 0,
		model: 'Wan-AI/Wan2.1-T2V-1.3B-Diffusers',
		media_type: 'video/mp4',
		file_name: null,
		quality: 'default',
	});
	expect((await t.json(`/videos/${body.id}`)).body).toMatchObject({
		status: 'in_progress',
		progress: 0,
	});
	t.clock.advance(9000);
	expect((await t.json(`/videos/${body.id}`)).body).toMatchObject({
		status: 'in_progress',
		progress: 0,
	});
	t.clock.advance(2000);
	expect((await t.json(`/videos/${body.id}`)).body).toMatchObject({
		status: 'completed',
		progress: 100,
		file_name: `${body.id}.mp4`,
	});
});

test('the served-model rule: any other model is "Model mismatch"; none, or the served name, runs it', async () => {
	const mismatch = await t.json('/videos', {
		method: 'POST',
		body: form({ prompt: 'p', model: 'sora-2' }),
	});
	expect([mismatch.status, mismatch.body.error.message]).toEqual([
		400,
		"Model mismatch: request specifies 'sora-2' but server is running 'Wan-AI/Wan2.1-T2V-1.3B-Diffusers'.",
	]);
	expect((await created({ model: 'Wan-AI/Wan2.1-T2V-1.3B-Diffusers' })).model).toBe(
		'Wan-AI/Wan2.1-T2V-1.3B-Diffusers',
	);
});

test("a failed job is answered with its failure's status and the video as the body (400 guardrail, 500 engine); its content is 422", async () => {
	for (const [marker, status] of [
		['[moderation]', 400],
		['[engine-error]', 500],
	] as const) {
		const body = await created({ prompt: `p ${marker}` });
		t.clock.advance(2000);
		const got = await t.json(`/videos/${body.id}`);
		expect(got.status).toBe(status);
		expect(got.body).toMatchObject({
			object: 'video',
			id: body.id,
			status: 'failed',
			progress: 0,
			error: { code: status },
		});
		expect((await t.json(`/videos/${body.id}/content`)).status).toBe(422);
		// In the list a failed job is just an entry.
		expect((await t.json('/videos')).status).toBe(200);
	}
});

test('content before completion is 404 "in-progress"; variant is ignored; a 401 is {"error":"Unauthorized"}', async () => {
	const body = await created();
	expect(await t.json(`/videos/${body.id}/content`)).toMatchObject({
		status: 404,
		body: { error: { message: 'Generation is still in-progress', type: 'Not Found', code: 404 } },
	});
	t.clock.advance(20000);
	const { res, bytes } = await download(t, `/videos/${body.id}/content?variant=thumbnail`);
	expect([res.status, isMp4(bytes)]).toEqual([200, true]);
	expect(await t.json('/videos', { headers: { authorization: 'Bearer sk-wrong' } })).toMatchObject({
		status: 401,
		body: { error: 'Unauthorized' },
	});
});

test('URL references: image_reference holds the JSON string {"image_url"}; input_reference[image_url] is ignored; file_id refused', async () => {
	const byUrl = await created({
		image_reference: JSON.stringify({ image_url: 'https://example.com/a.png' }),
	});
	expect(t.sim.referenceOf(byUrl.id)).toEqual({ kind: 'image_url', field: 'image_reference' });
	const bracketed = await created({ 'input_reference[image_url]': 'https://example.com/a.png' });
	expect(t.sim.referenceOf(bracketed.id)).toBeNull();
	const fileId = await t.json('/videos', {
		method: 'POST',
		body: form({ prompt: 'p', image_reference: '{"file_id":"file_1"}' }),
	});
	expect([fileId.status, fileId.body.error.message]).toEqual([
		400,
		'Invalid image_reference: file_id is not supported yet.',
	]);
});

test("list: OpenAI's cursor shape, all jobs without a limit; delete cancels a running job; no remix", async () => {
	for (let index = 0; index < 20; index++) await created();
	const all = (await t.json('/videos')).body;
	expect(all).toMatchObject({ object: 'list', has_more: false });
	expect(all.data.length).toBeGreaterThan(20);
	const running = await created();
	expect(await t.json(`/videos/${running.id}`, { method: 'DELETE' })).toMatchObject({
		status: 200,
		body: { id: running.id, deleted: true, object: 'video.deleted' },
	});
	const remix = await t.json(`/videos/${all.data[0].id}/remix`, {
		method: 'POST',
		json: { prompt: 'again' },
	});
	expect(remix).toMatchObject({ status: 404, body: { error: { type: 'Not Found', code: 404 } } });
});
