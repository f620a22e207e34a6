/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageInfo, makePng } from '../../../simulator';
import {
	form,
	type Refusal,
	testRefusals,
	testResponseSchemas,
	useValidatedServer,
} from '../helpers';

// Reference images (simulator/validation/references.ts): JSON objects, data URLs and file parts.

const t = useValidatedServer();

const REFERENCE_CASES: Refusal[] = [
	[
		'input_reference as a string',
		{ prompt: 'p', input_reference: 'https://x/y.png' },
		'input_reference',
		'invalid_type',
		/expected an object/,
	],
	[
		'input_reference with both keys',
		{ prompt: 'p', input_reference: { image_url: 'https://x/y.png', file_id: 'file-1' } },
		'input_reference',
		'invalid_value',
		/exactly one/,
	],
	[
		'input_reference http URL',
		{ prompt: 'p', input_reference: { image_url: 'http://x/y.png' } },
		'input_reference.image_url',
		'invalid_value',
		/https URL or a base64 data URL/,
	],
];

testRefusals(t, REFERENCE_CASES);

test('JSON input_reference: https URL, data URL of the right size, file_id', async () => {
	const png = makePng(720, 1280).toString('base64');
	for (const ref of [
		{ image_url: 'https://example.com/a.png' },
		{ image_url: `data:image/png;base64,${png}` },
		{ file_id: 'file-abc' },
	]) {
		const res = await t.json('/videos', {
			method: 'POST',
			json: { prompt: 'p', input_reference: ref },
		});
		expect(res.status).toBe(200);
	}
	const wrong = makePng(100, 100).toString('base64');
	const res = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', input_reference: { image_url: `data:image/png;base64,${wrong}` } },
	});
	expect(res.status).toBe(400);
	expect(res.body.error.message).toBe('Inpaint image must match the requested width and height');
});

const post = (body: FormData) => t.json('/videos', { method: 'POST', body });

test('a PNG file part of the right size is accepted', async () => {
	const res = await post(
		form(
			{ prompt: 'p', size: '1280x720', seconds: '4' },
			{
				name: 'input_reference',
				bytes: makePng(1280, 720),
				type: 'image/png',
				filename: 'ref.png',
			},
		),
	);
	expect(res.status).toBe(200);
	expect(res.body.size).toBe('1280x720');
});

test('real JPEG and WebP files are parsed for their pixel size', async () => {
	const jpeg = readFileSync(join(__dirname, '../../fixtures/spritesheet.jpg'));
	const webp = readFileSync(join(__dirname, '../../fixtures/thumbnail.webp'));
	expect(imageInfo(jpeg)).toEqual({ type: 'jpeg', width: 320, height: 90 });
	expect(imageInfo(webp)).toEqual({ type: 'webp', width: 320, height: 180 });
	const ok = await post(
		form(
			{ prompt: 'p', model: 'wan', size: '320x90' },
			{ name: 'input_reference', bytes: jpeg, type: 'image/jpeg', filename: 'a.jpg' },
		),
	);
	expect(ok.status).toBe(200);
	const ok2 = await post(
		form(
			{ prompt: 'p', model: 'wan', size: '320x180' },
			{ name: 'input_reference', bytes: webp, type: 'image/webp', filename: 'a.webp' },
		),
	);
	expect(ok2.status).toBe(200);
});

test('size mismatch: "Inpaint image must match the requested width and height"', async () => {
	const res = await post(
		form(
			{ prompt: 'p' },
			{
				name: 'input_reference',
				bytes: makePng(1280, 720),
				type: 'image/png',
				filename: 'ref.png',
			},
		),
	);
	expect(res.status).toBe(400);
	expect(res.body.error).toMatchObject({
		param: 'input_reference',
		message: 'Inpaint image must match the requested width and height',
	});
});

const notAFile = "Invalid type for 'input_reference': expected a file, but got a string instead.";
test('a part without filename, without an image type, or a text field is invalid_type', async () => {
	const png = makePng(720, 1280);
	const bodies = [
		form(
			{ prompt: 'p' },
			{
				name: 'input_reference',
				bytes: png,
				type: 'application/octet-stream',
				filename: 'ref.png',
			},
		),
		form({ prompt: 'p', input_reference: 'https://example.com/a.png' }),
	];
	// FormData gives a Blob without a name the filename "blob"; build a truly nameless part by hand.
	const boundary = 'xyzBOUNDARY';
	const raw = Buffer.concat([
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\np\r\n--${boundary}\r\nContent-Disposition: form-data; name="input_reference"\r\nContent-Type: image/png\r\n\r\n`,
		),
		png,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	]);
	const nameless = await t.json('/videos', {
		method: 'POST',
		body: raw,
		headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
	});
	expect(nameless.status).toBe(400);
	expect(nameless.body.error).toMatchObject({
		code: 'invalid_type',
		param: 'input_reference',
		message: notAFile,
	});
	for (const body of bodies) {
		const res = await post(body);
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({
			code: 'invalid_type',
			param: 'input_reference',
			message: notAFile,
		});
	}
});

test('bytes that are no image are rejected even with an image type', async () => {
	const res = await post(
		form(
			{ prompt: 'p' },
			{
				name: 'input_reference',
				bytes: Buffer.from('not an image at all'),
				type: 'image/png',
				filename: 'x.png',
			},
		),
	);
	expect(res.status).toBe(400);
	expect(res.body.error.code).toBe('invalid_image_format');
});

testResponseSchemas(t);
