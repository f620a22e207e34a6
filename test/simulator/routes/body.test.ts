import { testResponseSchemas, useValidatedServer } from '../helpers';

// Request bodies (simulator/routes/body.ts): their encoding, and the OpenAPI request schemas.

const t = useValidatedServer();

test('invalid JSON and an unsupported Content-Type are 400', async () => {
	const bad = await t.json('/videos', {
		method: 'POST',
		body: '{"prompt":',
		headers: { 'content-type': 'application/json' },
	});
	expect(bad.status).toBe(400);
	expect(bad.body.error.message).toMatch(/could not parse the JSON body/);
	const text = await t.json('/videos', {
		method: 'POST',
		body: 'prompt=x',
		headers: { 'content-type': 'text/plain' },
	});
	expect(text.status).toBe(400);
	expect(text.body.error.message).toMatch(/Content-Type/);
});

test('validateRequests: a body our own rules let through but the OpenAPI schema rejects is a 400', async () => {
	const res = await t.json('/videos', {
		method: 'POST',
		json: { prompt: 'p', input_reference: { image_url: 'https://exa mple.com/a b.png' } },
	});
	expect(res.status).toBe(400);
	expect(res.body.error.message).toMatch(
		/OpenAPI schema CreateVideoJsonBody: \/input_reference\/image_url must match format "uri"/,
	);
	t.sim.configure({ validateRequests: false });
	expect(
		(
			await t.json('/videos', {
				method: 'POST',
				json: { prompt: 'p', input_reference: { image_url: 'https://exa mple.com/a b.png' } },
			})
		).status,
	).toBe(200);
	t.sim.configure({ validateRequests: true });
});

testResponseSchemas(t);
