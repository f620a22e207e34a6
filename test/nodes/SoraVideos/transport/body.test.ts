/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { PassThrough } from 'node:stream';

import { checkComplete } from '../../../../nodes/SoraVideos/transport/body';
import type { RawResponse } from '../../../../nodes/SoraVideos/transport/types';
import { soraVideosNode as node } from '../../../support/sora-videos-node';

// A body is whole only when as many bytes came as the server announced.

describe('a body that ends short', () => {
	const response = (announcedLength?: number): RawResponse => ({
		statusCode: 200,
		headers: {},
		body: new PassThrough(),
		announcedLength,
		abandon: () => undefined,
	});

	it('is a failure worth another try when fewer bytes came than announced', () => {
		expect(() => checkComplete(node, response(100), 60)).toThrow(
			'the server stopped sending after 60 of 100 bytes (truncated)',
		);
		try {
			checkComplete(node, response(100), 60);
		} catch (error) {
			expect((error as { context: object }).context).toMatchObject({
				transient: true,
				stage: 'body',
			});
		}
	});

	it('is whole when the count matches, or when no length counts these bytes', () => {
		expect(() => checkComplete(node, response(100), 100)).not.toThrow();
		expect(() => checkComplete(node, response(undefined), 60)).not.toThrow();
	});
});
