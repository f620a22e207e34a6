import type { Profile, RouteName } from '../profiles';

const KNOWN_ROUTES = new Set<string>([
	'POST /videos',
	'GET /videos',
	'GET /videos/{id}',
	'DELETE /videos/{id}',
	'GET /videos/{id}/content',
	'POST /videos/{id}/remix',
	'POST /videos/edits',
	'POST /videos/extensions',
	'POST /videos/characters',
	'GET /videos/characters/{id}',
	'GET /models',
	'GET /files/{id}',
	'GET /samples',
	'GET /samples/{id}',
]);

/** Where a profile's routes live, and whether `/videos/models` is a route of its own. */
export type Mount = Pick<Profile, 'basePath' | 'mountedAtRoot' | 'videoModels'>;

/** Path segments after `/videos/` that name a route of their own (for some methods) rather than a job. */
const NAMED_ROUTES = new Set(['edits', 'extensions', 'characters']);

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
	// The first pattern known for this method wins: POST /videos/edits is its own route, while
	// GET /videos/edits reads a job called "edits", as the servers' routers match them.
	for (const found of matchPath(segments, origin === 'files')) {
		const route = `${method} ${found.pattern}`;
		if (KNOWN_ROUTES.has(route)) return { route: route as RouteName, rawId: found.rawId };
	}
	return noRoute;
}

/** The path patterns the segments after the mount point match, most specific first, whatever the method. */
function matchPath(
	segments: string[],
	filesOnly: boolean,
): Array<{ pattern: string; rawId: string | null }> {
	const [head, id, tail] = segments;
	if (head === 'files') return segments.length === 2 ? [{ pattern: '/files/{id}', rawId: id }] : [];
	if (filesOnly) return [];
	if (segments.length === 1 && (head === 'videos' || head === 'models' || head === 'samples'))
		return [{ pattern: `/${head}`, rawId: null }];
	if (head === 'samples')
		return segments.length === 2 && id ? [{ pattern: '/samples/{id}', rawId: id }] : [];
	if (head !== 'videos' || !id) return [];
	if (segments.length === 2) {
		const own = NAMED_ROUTES.has(id) ? [{ pattern: `/videos/${id}`, rawId: null }] : [];
		return [...own, { pattern: '/videos/{id}', rawId: id }];
	}
	if (segments.length !== 3 || !tail) return [];
	const character =
		id === 'characters' ? [{ pattern: '/videos/characters/{id}', rawId: tail }] : [];
	const jobRoute =
		tail === 'content' || tail === 'remix' ? [{ pattern: `/videos/{id}/${tail}`, rawId: id }] : [];
	return [...character, ...jobRoute];
}
