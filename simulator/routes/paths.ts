import type { RouteName } from '../profiles';

const KNOWN_ROUTES = new Set<string>([
	'POST /videos',
	'GET /videos',
	'GET /videos/{id}',
	'DELETE /videos/{id}',
	'GET /videos/{id}/content',
	'POST /videos/{id}/remix',
	'GET /models',
	'GET /files/{id}',
]);

/**
 * The route ('GET /videos/{id}') and raw id segment of a request path, or route null. API routes
 * live under `/v1`, and also at the root when the profile mounts them there (LiteLLM); the files
 * origin serves only `/files/{id}`, at its root.
 */
export function classify(
	origin: 'api' | 'files',
	method: string,
	pathname: string,
	mountedAtRoot: boolean,
): { route: RouteName | null; rawId: string | null } {
	const noRoute = { route: null, rawId: null };
	const underV1 = origin === 'api' && pathname.startsWith('/v1/');
	if (origin === 'api' && !underV1 && !mountedAtRoot) return noRoute;
	const found = matchPath(
		pathname.slice(underV1 ? '/v1/'.length : 1).split('/'),
		origin === 'files',
	);
	const route = found && `${method} ${found.pattern}`;
	return route && KNOWN_ROUTES.has(route)
		? { route: route as RouteName, rawId: found.rawId }
		: noRoute;
}

/** The path pattern of the segments after the mount point, whatever the method. */
function matchPath(
	segments: string[],
	filesOnly: boolean,
): { pattern: string; rawId: string | null } | null {
	const [head, id, tail] = segments;
	if (head === 'files') return segments.length === 2 ? { pattern: '/files/{id}', rawId: id } : null;
	if (filesOnly) return null;
	if (segments.length === 1 && (head === 'videos' || head === 'models'))
		return { pattern: `/${head}`, rawId: null };
	if (head !== 'videos' || !id) return null;
	if (segments.length === 2) return { pattern: '/videos/{id}', rawId: id };
	if (segments.length === 3 && (tail === 'content' || tail === 'remix'))
		return { pattern: `/videos/{id}/${tail}`, rawId: id };
	return null;
}
