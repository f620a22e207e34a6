import { boundaryOf, parseMultipart } from '../../simulator/multipart';

// The multipart/form-data parser (simulator/multipart.ts) that reads create and remix bodies.

test('the multipart parser keeps filenames, part types and binary bytes', () => {
	const boundary = boundaryOf('multipart/form-data; boundary="----abc"');
	expect(boundary).toBe('----abc');
	const bytes = Buffer.from([0, 13, 10, 45, 45, 255]);
	const body = Buffer.concat([
		Buffer.from('------abc\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nhello\r\n'),
		Buffer.from(
			'------abc\r\nContent-Disposition: form-data; name="input_reference"; filename="a \\"b\\".png"\r\nContent-Type: image/png\r\n\r\n',
		),
		bytes,
		Buffer.from('\r\n------abc--\r\n'),
	]);
	const parts = parseMultipart(body, '----abc');
	expect(parts).toEqual([
		{ name: 'prompt', filename: null, contentType: null, data: Buffer.from('hello') },
		{ name: 'input_reference', filename: 'a "b".png', contentType: 'image/png', data: bytes },
	]);
	expect(parseMultipart(Buffer.from('garbage'), '----abc')).toBeNull();
});
