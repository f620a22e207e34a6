import { testResponseSchemas, useValidatedServer } from '../helpers';

// The key check (simulator/routes/auth.ts) and the request id every answer carries.

const t = useValidatedServer();

test('no key: 401 OpenAI envelope, with an x-request-id', async () => {
	const res = await t.json('/videos/x', { headers: { authorization: '' } });
	expect(res.status).toBe(401);
	expect(res.body.error).toEqual({
		message: expect.stringContaining("didn't provide an API key"),
		type: 'invalid_request_error',
		param: null,
		code: null,
	});
	expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
});

test('wrong key: 401 invalid_api_key, and the key is not echoed', async () => {
	const res = await t.json('/models', { headers: { authorization: 'Bearer sk-wrong-secret' } });
	expect(res.status).toBe(401);
	expect(res.body.error.code).toBe('invalid_api_key');
	expect(JSON.stringify(res.body)).not.toContain('sk-wrong');
});

test('api-key header (Azure style) is accepted; x-litellm-api-key is not (openai profile)', async () => {
	expect(
		(await t.json('/models', { headers: { authorization: '', 'api-key': t.sim.apiKey } })).status,
	).toBe(200);
	expect(
		(
			await t.json('/models', {
				headers: { authorization: '', 'x-litellm-api-key': t.sim.apiKey },
			})
		).status,
	).toBe(401);
});

testResponseSchemas(t);
