/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- Node tooling, not published (DEVELOPERS.md) */
import type { ICredentialDataDecryptedObject, ICredentialTestRequest } from 'n8n-workflow';

import { SoraVideosApi } from '../../credentials/SoraVideosApi.credentials';

/** n8n's `={{ … }}` expression, evaluated with the credential's values. */
function evaluate(expression: string | undefined, credentials: ICredentialDataDecryptedObject) {
	const body = String(expression)
		.replace(/^=\{\{/, '')
		.replace(/\}\}$/, '');
	return new Function('$credentials', `return ${body}`)(credentials) as unknown;
}

/**
 * What n8n's "Test credential" does: GET {baseURL}{url} with the credential's authentication; a
 * failing status with a rule for it shows the rule's message instead of the bare status.
 */
export async function testCredential(credentials: ICredentialDataDecryptedObject) {
	const credential = new SoraVideosApi();
	const { request, rules } = credential.test as ICredentialTestRequest;
	const url = `${String(evaluate(request.baseURL, credentials))}${request.url}`;
	const { headers } = await credential.authenticate(credentials, { url, headers: {} });
	const response = await fetch(url, {
		method: request.method ?? 'GET',
		headers: headers as Record<string, string>,
	});
	const rule = rules?.find(
		(candidate) =>
			candidate.type === 'responseCode' && candidate.properties.value === response.status,
	);
	return { url, status: response.status, message: rule?.properties.message };
}
