import { schemaErrors } from '../../simulator/schema';

// The OpenAPI schemas (simulator/schema.ts) that validateRequests and validateResponses apply.

test('the schema module flags a Video that breaks the contract', () => {
	expect(schemaErrors('VideoResource', { id: 'x', object: 'video', seconds: 8 })).toMatch(
		/must have required property|must be string/,
	);
});
