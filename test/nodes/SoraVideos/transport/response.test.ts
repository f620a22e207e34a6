import {
	contentLength,
	headerValue,
	isJsonLike,
	parseJson,
} from '../../../../nodes/SoraVideos/transport/response';

// What the transport reads from an answer's headers and bytes: the first of a repeated header, a
// Content-Length it can count on, and whether the body is JSON whatever its Content-Type says.

describe('headers', () => {
	it('reads the first of a repeated header, and nothing for an absent or empty one', () => {
		expect(headerValue({ 'x-request-id': ['req_1', 'req_2'] }, 'x-request-id')).toBe('req_1');
		expect(headerValue({}, 'x-request-id')).toBeUndefined();
		expect(headerValue({ 'x-request-id': null }, 'x-request-id')).toBeUndefined();
		expect(headerValue({ 'content-length': 0 }, 'content-length')).toBe('0');
	});

	it.each([
		['1234', 1234],
		['0', 0],
		['-5', undefined],
		['many', undefined],
		[undefined, undefined],
	])('Content-Length %p counts as %p bytes', (value, expected) => {
		expect(contentLength(value === undefined ? {} : { 'content-length': value })).toBe(expected);
	});
});

describe('is an answer JSON?', () => {
	it.each([
		['a JSON content type, whatever the bytes', 'application/json; charset=utf-8', 'oops', true],
		['no content type, an object', undefined, '{"id":"v1"}', true],
		['no content type, a list after blank lines', undefined, '\n  [{"id":"v1"}]', true],
		['text/plain holding an object', 'text/plain', '{"id":"v1"}', true],
		['an HTML page starting with a brace', 'text/html', '{{template}}', false],
		['text', 'text/plain', 'upstream timed out', false],
		['MP4 bytes', 'application/octet-stream', '\u0000\u0000\u0000\u0018ftypmp42', false],
	])('%s: %p', (_case, type, body, expected) => {
		expect(isJsonLike(type ? { 'content-type': type } : {}, Buffer.from(body))).toBe(expected);
	});

	it('takes only an object or a list for a JSON body', () => {
		expect(parseJson(Buffer.from('{"id":"v1"}'))).toEqual({ id: 'v1' });
		expect(parseJson(Buffer.from('[]'))).toEqual([]);
		for (const scalar of ['"video"', '42', 'true', 'null', 'not json'])
			expect(parseJson(Buffer.from(scalar))).toBeUndefined();
	});
});
