/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- Node tooling, not published (DEVELOPERS.md) */
import type { INodePropertyOptions } from 'n8n-workflow';

import { SoraVideosApi } from '../../credentials/SoraVideosApi.credentials';
import { startSimulator, type Simulator } from '../../simulator';
import { testCredential } from '../support/credential-test';

// The credential with OpenRouter: Server "OpenRouter" (value openRouter, docs/interface.md), Base
// URL https://openrouter.ai/api/v1, and what n8n's "Test credential" proves there.

const KEY = 'sk-or-test-5c1e-do-not-leak';
let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ apiKey: KEY, profile: 'openrouter' });
});
afterAll(async () => await sim.stop());

it('offers OpenRouter as a Server, and names its Base URL', () => {
	const properties = new SoraVideosApi().properties;
	const server = properties.find((property) => property.name === 'server')!;
	expect(server.options as INodePropertyOptions[]).toContainEqual({
		name: 'OpenRouter',
		value: 'openRouter',
	});
	const baseUrl = properties.find((property) => property.name === 'baseUrl')!;
	expect(baseUrl.description).toContain('OpenRouter (https://openrouter.ai/api/v1)');
});

it('passes with the Base URL ending in /api/v1: GET /api/v1/models answers', async () => {
	const result = await testCredential({
		apiKey: KEY,
		baseUrl: `${sim.baseUrl}/`,
		server: 'openRouter',
	});
	expect(result.url).toBe(`${sim.baseUrl}/models`);
	expect(new URL(result.url).pathname).toBe('/api/v1/models');
	expect(result.status).toBe(200);
});

it('fails with the Base URL a copy of OpenAI’s would give (…/v1), saying where the API root is', async () => {
	const origin = new URL(sim.baseUrl).origin;
	const result = await testCredential({
		apiKey: KEY,
		baseUrl: `${origin}/v1`,
		server: 'openRouter',
	});
	expect(result.status).toBe(404);
	expect(result.message).toMatch(/Base URL should end with the API root/);
});

it('cannot prove the key there: OpenRouter’s model list needs none (a wrong key fails at the first Create)', async () => {
	const result = await testCredential({
		apiKey: 'sk-or-wrong',
		baseUrl: sim.baseUrl,
		server: 'openRouter',
	});
	expect(result.status).toBe(200);
});
