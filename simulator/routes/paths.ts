import type { Profile, RouteName } from '../profiles';

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

/** Where a profile's routes live, and whether `/videos/models` is a route of its own. */
export type Mount = Pick<Profile, 'basePath' | 'mountedAtRoot' | 'videoModels'>;

/**
 * The route ('GET /videos/{id}') and raw id segment of a request path, or route null. API routes
 * live under the profile's base path (`/v1`; OpenRouter's `/api/v1`), and also at the root when
 * the profile mounts them there (LiteLLM); the files origin serves only `/files/{id}`, at its root.
 */
export function classify(
	origin: 'api' | 'files',
	method: string,
	pathname: string,
	mount: Mount,
): { route: RouteName | null; rawId: string | null } {
	const noRoute = { route: null, rawId: null };
	const prefix = `${mount.basePath}/`;
	const underBase = origin === 'api' && pathname.startsWith(prefix);
	if (origin === 'api' && !underBase && !mount.mountedAtRoot) return noRoute;
	const segments = pathname.slice(underBase ? prefix.length : 1).split('/');
	if (origin === 'api' && mount.videoModels && segments.join('/') === 'videos/models')
		return method === 'GET' ? { route: 'GET /videos/models', rawId: null } : noRoute;
	const found = matchPath(segments, origin === 'files');
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
