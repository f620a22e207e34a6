/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// The Sora Videos API credential as a user meets it: the headers it sends the key in, the fields
// the editor shows, and what n8n's "Test credential" button reports against a server; and what
// stored credentials depend on, which must not change by accident.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { SoraVideosApi } from '../../credentials/SoraVideosApi.credentials';
import { startSimulator, type Simulator } from '../../simulator';
import { saved } from '../support/saved-fields';

const KEY = 'sk-test-CRED-41b7e2-do-not-leak';

// Made inside each test, not when the file loads: mutation testing relates a test to the code
// that ran during it.
const credential = () => new SoraVideosApi();

/** The headers a request goes out with, starting from a request that already has one header. */
async function headersFor(credentials: ICredentialDataDecryptedObject) {
	const request: IHttpRequestOptions = { url: 'x', headers: { accept: 'application/json' } };
	const authenticated = await credential().authenticate(credentials, request);
	return authenticated.headers;
}

describe('the key goes in the header the credential names', () => {
	it('by default as Authorization: Bearer, keeping the headers the request already had', async () => {
		expect(await headersFor({ apiKey: KEY })).toEqual({
			accept: 'application/json',
			Authorization: `Bearer ${KEY}`,
		});
		expect(await headersFor({ apiKey: KEY, authHeader: 'bearer' })).toEqual({
			accept: 'application/json',
			Authorization: `Bearer ${KEY}`,
		});
	});

	it('as api-key for Azure, with no Authorization header', async () => {
		expect(await headersFor({ apiKey: KEY, authHeader: 'apiKey' })).toEqual({
			accept: 'application/json',
			'api-key': KEY,
		});
	});

	it('in a custom header, its name trimmed of the spaces a paste leaves, with no Authorization header', async () => {
		expect(
			await headersFor({ apiKey: KEY, authHeader: 'custom', headerName: '  x-litellm-api-key ' }),
		).toEqual({ accept: 'application/json', 'x-litellm-api-key': KEY });
	});

	it.each<[string, ICredentialDataDecryptedObject]>([
		['blank', { headerName: '   ' }],
		['empty', { headerName: '' }],
		['missing', {}],
	])(
		'as Bearer when Custom Header is chosen but the header name is %s (no header without a name)',
		async (_name, headerName) => {
			expect(await headersFor({ apiKey: KEY, authHeader: 'custom', ...headerName })).toEqual({
				accept: 'application/json',
				Authorization: `Bearer ${KEY}`,
			});
		},
	);

	it('as Bearer when a header name is left over from choosing Custom Header before', async () => {
		// The Header Name field is hidden, not cleared, once Bearer is chosen again.
		expect(
			await headersFor({ apiKey: KEY, authHeader: 'bearer', headerName: 'x-litellm-api-key' }),
		).toEqual({ accept: 'application/json', Authorization: `Bearer ${KEY}` });
	});

	it('sends OpenAI-Organization and OpenAI-Project only when they are set', async () => {
		expect(await headersFor({ apiKey: KEY, organizationId: '', projectId: '' })).toEqual({
			accept: 'application/json',
			Authorization: `Bearer ${KEY}`,
		});
		expect(await headersFor({ apiKey: KEY, organizationId: 'org-7' })).toEqual({
			accept: 'application/json',
			Authorization: `Bearer ${KEY}`,
			'OpenAI-Organization': 'org-7',
		});
		expect(await headersFor({ apiKey: KEY, projectId: 'proj_9' })).toEqual({
			accept: 'application/json',
			Authorization: `Bearer ${KEY}`,
			'OpenAI-Project': 'proj_9',
		});
		expect(
			await headersFor({
				apiKey: KEY,
				authHeader: 'apiKey',
				organizationId: 'org-7',
				projectId: 'proj_9',
			}),
		).toEqual({
			accept: 'application/json',
			'api-key': KEY,
			'OpenAI-Organization': 'org-7',
			'OpenAI-Project': 'proj_9',
		});
	});

	it('invents no key when none is stored: the Authorization is an empty Bearer', async () => {
		expect(await headersFor({})).toEqual({
			accept: 'application/json',
			Authorization: 'Bearer ',
		});
	});
});

describe('the credential editor', () => {
	const properties = (): INodeProperties[] => credential().properties;
	const property = (name: string) => properties().find((candidate) => candidate.name === name);

	it('has a name to pick it by', () => {
		expect(credential().displayName).toMatch(/\S/);
	});

	it('asks for the API key as a required, masked field', () => {
		expect(property('apiKey')).toMatchObject({
			type: 'string',
			required: true,
			typeOptions: { password: true },
		});
	});

	it('labels every field and every choice', () => {
		for (const field of properties()) {
			expect(field.displayName).toMatch(/\S/);
			for (const option of (field.options ?? []) as INodePropertyOptions[]) {
				expect(option.name).toMatch(/\S/);
			}
		}
		expect(properties().filter((field) => field.options).length).toBeGreaterThan(0);
	});

	it('explains every field but the API key, and gives examples as "e.g. …"', () => {
		for (const field of properties().filter((candidate) => candidate.name !== 'apiKey')) {
			expect(field.description).toMatch(/\S/);
		}
		// The fields whose format is not obvious show an example; any other placeholder is one too.
		for (const name of ['baseUrl', 'headerName', 'queryParameters']) {
			expect(property(name)?.placeholder).toMatch(/^e\.g\. \S/);
		}
		for (const field of properties().filter((candidate) => candidate.placeholder !== undefined)) {
			expect(field.placeholder).toMatch(/^e\.g\. \S/);
		}
	});

	it('links to the Credentials section of the README', () => {
		const url = new URL(credential().documentationUrl);
		expect(url.protocol).toBe('https:');
		const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
		// GitHub's heading anchors: lower case, punctuation dropped, spaces to '-'.
		const anchors = [...readme.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
			heading
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-'),
		);
		expect(url.hash).toBe('#credentials');
		expect(anchors).toContain(url.hash.slice(1));
	});

	it('Server defaults to "Any OpenAI-compatible server"; Base URL is required with no default', () => {
		const properties = credential().properties;
		const server = properties.find((property) => property.name === 'server')!;
		expect(server.default).toBe('auto');
		expect(
			(server.options ?? []).map((option) => (option as { value: string }).value).sort(),
		).toEqual([
			'auto',
			'bifrost',
			'litellm',
			'newApi',
			'openRouter',
			'sglang',
			'tensorrtLlm',
			'vllmOmni',
		]);
		expect(
			(server.options ?? []).find((option) => (option as { value: string }).value === 'auto')?.name,
		).toMatch(/Any OpenAI-Compatible Server/i);
		const baseUrl = properties.find((property) => property.name === 'baseUrl')!;
		expect(baseUrl).toMatchObject({
			default: '',
			required: true,
			placeholder: expect.stringMatching(/^e\.g\. http/),
		});
	});
});

describe('"Test credential" against a server', () => {
	const testRequest = () => credential().test as ICredentialTestRequest;
	let sim: Simulator | undefined;

	afterEach(async () => {
		await sim?.stop();
		sim = undefined;
	});

	/** n8n's `={{ … }}` expression, evaluated with the credential's values. */
	function evaluate(expression: string | undefined, credentials: ICredentialDataDecryptedObject) {
		const body = String(expression)
			.replace(/^=\{\{/, '')
			.replace(/\}\}$/, '');
		return new Function('$credentials', `return ${body}`)(credentials) as unknown;
	}

	/**
	 * What n8n does: GET {baseURL}{url} with the credential's authentication; a failing status
	 * with a rule for it shows the rule's message instead of the bare status.
	 */
	async function testCredential(credentials: ICredentialDataDecryptedObject) {
		const { request, rules } = testRequest();
		const baseURL = evaluate(request.baseURL, credentials);
		const { headers } = await credential().authenticate(credentials, {
			url: `${String(baseURL)}${request.url}`,
			headers: {},
		});
		const response = await fetch(`${String(baseURL)}${request.url}`, {
			method: request.method ?? 'GET',
			headers: headers as Record<string, string>,
		});
		const body = (await response.json()) as { object?: string; data?: Array<{ id: string }> };
		const rule = rules?.find(
			(candidate) =>
				candidate.type === 'responseCode' && candidate.properties.value === response.status,
		);
		return { baseURL, status: response.status, body, message: rule?.properties.message };
	}

	async function simulator() {
		sim = await startSimulator({ apiKey: KEY, profile: 'openai', now: () => 1_760_000_000_000 });
		return sim;
	}

	it('with the right key lists the models, whatever trailing slashes the Base URL has', async () => {
		const { baseUrl } = await simulator();
		const result = await testCredential({ apiKey: KEY, baseUrl: `${baseUrl}//` });
		expect(result.baseURL).toBe(baseUrl);
		expect(result.status).toBe(200);
		expect(result.body.object).toBe('list');
		expect(result.body.data?.map((model) => model.id)).toContain('sora-2');
	});

	it('with a wrong key says to check the key and the Auth Header, without repeating the key', async () => {
		const { baseUrl } = await simulator();
		const wrong = `${KEY}-typo`;
		const result = await testCredential({ apiKey: wrong, baseUrl });
		expect(result.status).toBe(401);
		expect(result.message).toMatch(/check the key/i);
		expect(result.message).toMatch(/Auth Header/);
		// Booleans, so that a failure does not print the key either.
		expect(String(result.message).includes(wrong)).toBe(false);
		expect(String(result.message).includes(KEY)).toBe(false);
	});

	it('with a Base URL without /v1 says the Base URL should end with the API root', async () => {
		const { baseUrl } = await simulator();
		const result = await testCredential({
			apiKey: KEY,
			baseUrl: baseUrl.replace(/\/v1$/, ''),
		});
		expect(result.status).toBe(404);
		expect(result.message).toMatch(/Base URL should end with the API root/);
		expect(result.message).toMatch(/\/v1/);
	});

	it('explains a key without access (403) too', () => {
		const forbidden = testRequest().rules?.find(
			(rule) => rule.type === 'responseCode' && rule.properties.value === 403,
		);
		expect(forbidden?.properties.message).toMatch(/\S/);
	});
});

// Stored credentials keep the credential's name and its fields' names and values; a renamed one
// breaks every credential saved with it. Adding a field updates the snapshot (`npx jest -u`):
// review that diff for renames.
test('the credential keeps its name and the fields that stored credentials use', () => {
	const stored: ICredentialType = credential();
	expect({ name: stored.name, properties: stored.properties.map(saved) }).toMatchSnapshot();
});
