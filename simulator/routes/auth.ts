/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../errors';
import type { Profile } from '../profiles';

/** The key check every API route makes first, in the places the active profile reads a key from. */
export function authenticate(
	profile: Profile,
	key: string,
	headers: IncomingHttpHeaders,
): ApiError | null {
	if (!profile.requiresKey) return null;
	const authorization = headers.authorization ?? '';
	const bearer = /^bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
	const offered = [bearer, ...profile.keyHeaders.map((name) => headers[name])];
	if (profile.rawAuthorization) offered.push(authorization.trim());
	if (offered.some((value) => value === key)) return null;
	const sentSomething = offered.some((value) => typeof value === 'string' && value !== '');
	// Never echo the offered key back, not even masked.
	return sentSomething
		? new ApiError(
				401,
				'Incorrect API key provided.',
				'invalid_request_error',
				null,
				'invalid_api_key',
			)
		: new ApiError(
				401,
				"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
				'invalid_request_error',
				null,
				null,
			);
}
