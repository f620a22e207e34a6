/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { form, sha256, testResponseSchemas, useValidatedServer } from '../helpers';

// POST /videos/characters, GET /videos/characters/{id} and the characters a create casts
// (simulator/routes/characters.ts), openai profile.

const t = useValidatedServer();
const clip = readFileSync(join(__dirname, '../../fixtures/video.mp4'));
const characterForm = (name: string, bytes = clip) =>
	form({ name }, { name: 'video', bytes, type: 'video/mp4', filename: 'mossy.mp4' });
const createCharacter = async (name = 'Mossy') =>
	(await t.json('/videos/characters', { method: 'POST', body: characterForm(name) })).body;

test('a character is made from a name and an MP4, and read back by id', async () => {
	const res = await t.json('/videos/characters', { method: 'POST', body: characterForm('Mossy') });
	expect(res.status).toBe(200);
	expect(Object.keys(res.body).sort()).toEqual(['created_at', 'id', 'name']);
	expect(res.body).toMatchObject({ name: 'Mossy', created_at: Math.floor(t.clock.now() / 1000) });
	expect(res.body.id).toMatch(/^char_[0-9a-f]{32}$/);
	expect(t.sim.uploadOf(res.body.id)?.sha256).toBe(sha256(clip));
	const read = await t.json(`/videos/characters/${res.body.id}`);
	expect([read.status, read.body]).toEqual([200, res.body]);
	const unknown = await t.json('/videos/characters/char_nope');
	expect([unknown.status, unknown.body.error.message]).toEqual([
		404,
		"Character with id 'char_nope' not found.",
	]);
});

test.each([
	['an empty name', characterForm(''), 'name', 'string_below_min_length'],
	['an 81-character name', characterForm('x'.repeat(81)), 'name', 'string_above_max_length'],
	[
		'a file that is no MP4',
		characterForm('Mossy', Buffer.from('GIF89a not a video')),
		'video',
		'invalid_file_format',
	],
	['a video given as text', form({ name: 'Mossy', video: 'video_123' }), 'video', 'invalid_type'],
	['no video', form({ name: 'Mossy' }), 'video', 'missing_required_parameter'],
])('a character with %s is refused', async (_name, body, param, code) => {
	const res = await t.json('/videos/characters', { method: 'POST', body });
	expect([res.status, res.body.error.param, res.body.error.code]).toEqual([400, param, code]);
});

test('a character needs a multipart body', async () => {
	const res = await t.json('/videos/characters', { method: 'POST', json: { name: 'Mossy' } });
	expect(res.status).toBe(400);
	expect(res.body.error.message).toMatch(/expected multipart\/form-data/);
});

test('a JSON create casts up to two characters, each named in the prompt', async () => {
	const mossy = await createCharacter('Mossy');
	const pip = await createCharacter('Pip');
	const cast = [{ id: mossy.id }, { id: pip.id }];
	const res = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'Mossy and Pip sail a paper boat', characters: cast },
	});
	expect(res.status).toBe(200);
	expect(t.sim.castOf(res.body.id)).toEqual([mossy.id, pip.id]);

	const unnamed = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'Mossy sails alone', characters: cast },
	});
	expect([unnamed.status, unnamed.body.error.param]).toEqual([400, 'prompt']);
	expect(unnamed.body.error.message).toMatch(/'Pip'/);
	const three = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'Mossy Pip', characters: [...cast, { id: mossy.id }] },
	});
	expect([three.status, three.body.error.code]).toEqual([400, 'array_above_max_length']);
	const unknown = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'Mossy', characters: [{ id: 'char_nope' }] },
	});
	expect(unknown.status).toBe(404);
	const multipart = await t.json('/videos', {
		method: 'POST',
		body: form({ prompt: 'Mossy', characters: JSON.stringify(cast) }),
	});
	expect([multipart.status, multipart.body.error.code]).toEqual([400, 'invalid_type']);
});

testResponseSchemas(t);
