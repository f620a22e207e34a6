// README, "Downloads stream" and "Secrets", docs/protocol.md rules 2, 26, 27 and 30: the key goes
// to the exact configured origin only. For any chain of redirects, JSON answers carrying a URL and
// the job's own URL, over origins that look like the configured one (the same host on another
// port or scheme, another loopback address on the same port, IPv6 loopback, a port whose digits
// start with the configured one's, the configured authority as user-info, the configured origin
// inside the URL, other spellings of the same address, letter case, a trailing dot), whatever the
// auth header style: every request on the configured origin carries the key, the Organization
// and Project headers, and no other request carries any of them; each hop goes where its URL
// (a relative Location resolved against the hop that sent it) says, with its query as given; the
// node's own requests carry the credential's Query Parameters; and the file arrives whole.
import fc from 'fast-check';

import { credentialsAt, KEY, outcomeOf, withVirtualClock } from './support/node';
import { trustLoopbackCertificate } from './support/loopback-tls';
import {
	startLookAlikes,
	type ArrivedRequest,
	type LookAlikes,
	type Origin,
} from './support/origins';
import { holds, PROPERTY_TIMEOUT_MS } from './support/property';
import { jsonAnswer as json, type WireAnswer, type WireRequest } from './support/wire';

let world: LookAlikes;
let restoreTls: () => void;
let plan: Case | undefined;

beforeAll(async () => {
	restoreTls = trustLoopbackCertificate();
	world = await startLookAlikes(async (request) => answer(request));
});
afterAll(async () => {
	await world.stop();
	restoreTls();
});

/** Where a URL points, as it spells it. */
interface Place {
	origin: Origin;
	spelled: string;
	https: boolean;
	/** The configured authority as user-info: `http://127.0.0.1:4567@127.0.0.2:4567/…`. */
	userInfo: boolean;
	/** The configured origin inside the query: `…?next=http://127.0.0.1:4567/v1`. */
	decoy: boolean;
}

/** How a URL is handed over: a redirect's Location, a JSON answer's `url`, the job's own `url`. */
type Via = 'redirect' | 'json' | 'jobUrl';
type Form = 'absolute' | 'path' | 'protocolRelative';

interface Hop {
	place: Place;
	via: Via;
	form: Form;
	status: number;
	signature: string;
}

interface Case {
	configured: Place;
	auth: { authHeader: 'bearer' | 'apiKey' | 'custom'; headerName: string };
	query: Record<string, string>;
	hops: Hop[];
	file: Buffer;
}

/** The ways a URL may write each loopback address; all but letter case and `localhost` normalise away. */
function spellings(origin: Origin): string[] {
	if (origin.host === '[::1]') return ['[::1]', '[0:0:0:0:0:0:0:1]'];
	if (origin.host === '127.0.0.2') return ['127.0.0.2', '127.0.0.2.', '127.0.2'];
	return [
		'127.0.0.1',
		'127.0.0.1.',
		'127.1',
		'2130706433',
		...(world.localhostIsHome ? ['localhost', 'LocalHost'] : []),
	];
}

const authority = (place: Place) => `${place.spelled}:${place.origin.port}`;
const hopPath = (index: number, hop: Hop) => `/hop/${index}?sig=${hop.signature}`;

function placeUrl(place: Place, path: string, configured: Place): string {
	const userInfo = place.userInfo ? `${authority(configured)}@` : '';
	const decoy = place.decoy ? `&next=http://${authority(configured)}/v1` : '';
	return `${place.https ? 'https' : 'http'}://${userInfo}${authority(place)}${path}${decoy}`;
}

const baseUrlOf = (configured: Place) => placeUrl(configured, '/v1', configured);

/** The URL of hop `index` as resolved by the client, and as its sender writes it. */
function hopUrls(current: Case, index: number, from: string) {
	const hop = current.hops[index];
	const absolute = placeUrl(hop.place, hopPath(index, hop), current.configured);
	const written =
		hop.form === 'path'
			? hopPath(index, hop)
			: hop.form === 'protocolRelative'
				? absolute.replace(/^https?:(\/\/)[^@/]*@/, '$1').replace(/^https?:/, '')
				: absolute;
	return { written, resolved: new URL(written, from).toString() };
}

/** The URL each hop is fetched from: every relative Location resolved against the hop before. */
function resolvedHops(current: Case): string[] {
	const urls: string[] = [];
	let from = `${baseUrlOf(current.configured)}/videos/v1/content`;
	current.hops.forEach((_hop, index) => {
		from = hopUrls(current, index, from).resolved;
		urls.push(from);
	});
	return urls;
}

/** How every look-alike server answers, by path: the job, its content route, the hops. */
function answer(request: WireRequest): WireAnswer {
	const current = plan!;
	const urls = resolvedHops(current);
	const pointTo = (index: number): WireAnswer => {
		const hop = current.hops[index];
		const from =
			index === 0 ? `${baseUrlOf(current.configured)}/videos/v1/content` : urls[index - 1];
		if (hop.via === 'redirect')
			return {
				status: hop.status,
				headers: { location: hopUrls(current, index, from).written },
				body: Buffer.alloc(0),
			};
		if (hop.via === 'json') return json(200, { object: 'video.content', url: urls[index] });
		return json(404, { error: { message: 'not ready yet', code: 'not_found' } });
	};
	const path = request.url.pathname;
	if (path === '/v1/videos/v1') {
		const jobUrl = current.hops[0].via === 'jobUrl' ? { url: urls[0] } : {};
		return json(200, { id: 'v1', object: 'video', status: 'completed', progress: 100, ...jobUrl });
	}
	if (path === '/v1/videos/v1/content') return pointTo(0);
	const index = Number(/^\/hop\/(\d+)$/.exec(path)?.[1] ?? -1);
	if (index < 0 || index >= current.hops.length)
		return json(404, { error: { message: `no ${path}` } });
	if (index === current.hops.length - 1)
		return { status: 200, headers: { 'content-type': 'video/mp4' }, body: current.file };
	return pointTo(index + 1);
}

const placeArbitrary = (configuredUserInfo: boolean) =>
	fc
		.record({
			which: fc.nat(),
			spelling: fc.nat(),
			https: fc.boolean(),
			userInfo: configuredUserInfo ? fc.boolean() : fc.constant(false),
			decoy: configuredUserInfo ? fc.boolean() : fc.constant(false),
			// The configured server is most often home; hops go elsewhere two times in three.
			home: fc.nat(2).map((draw) => (configuredUserInfo ? draw === 0 : draw !== 0)),
		})
		.map(({ which, spelling, https, userInfo, decoy, home }): Place => {
			const origins = [world.home, ...world.others];
			const origin = home ? world.home : origins[which % origins.length];
			const names = spellings(origin);
			return { origin, spelled: names[spelling % names.length], https, userInfo, decoy };
		});

const hopArbitrary = (first: boolean) =>
	fc.record({
		place: placeArbitrary(true),
		via: first
			? fc.constantFrom<Via>('redirect', 'json', 'jobUrl')
			: fc.constantFrom<Via>('redirect', 'redirect', 'redirect', 'json'),
		form: fc.constantFrom<Form>('absolute', 'absolute', 'path', 'path', 'protocolRelative'),
		status: fc.constantFrom(301, 302, 303, 307, 308),
		signature: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
	});

const caseArbitrary: fc.Arbitrary<Case> = fc
	.record({
		configured: placeArbitrary(false),
		auth: fc.record({
			authHeader: fc.constantFrom<Case['auth']['authHeader']>('bearer', 'apiKey', 'custom'),
			headerName: fc.stringMatching(/^x-[a-z]{1,10}-key$/),
		}),
		query: fc.dictionary(fc.stringMatching(/^q_[a-z]{1,6}$/), fc.string({ maxLength: 8 }), {
			maxKeys: 3,
		}),
		first: hopArbitrary(true),
		// Five hops at most: five redirects in a row are within the limit (rule 26).
		rest: fc.array(hopArbitrary(false), { minLength: 1, maxLength: 4 }),
		tail: fc.uint8Array({ minLength: 1, maxLength: 64 }),
	})
	.map(({ configured, auth, query, first, rest, tail }) => {
		const hops: Hop[] = [];
		for (const drawn of [first, ...rest]) {
			const before = hops.at(-1)?.place ?? configured;
			// Only a redirect's Location may be relative; JSON and job URLs are absolute (rule 27). A
			// relative one lands where its resolution against the URL before says.
			const form = drawn.via === 'redirect' ? drawn.form : 'absolute';
			const place =
				form === 'path'
					? { ...before, decoy: false }
					: form === 'protocolRelative'
						? { ...drawn.place, https: before.https, userInfo: false }
						: drawn.place;
			hops.push({ ...drawn, form, place });
		}
		const file = Buffer.concat([
			Buffer.from([0, 0, 0, 0x18]),
			Buffer.from('ftypisom'),
			Buffer.from(tail),
		]);
		return { configured, auth, query, hops, file };
	});

const ORGANIZATION = 'org-promises';
const PROJECT = 'proj-promises';

function carriesCredential(request: ArrivedRequest, current: Case): boolean[] {
	const headers = request.headers;
	const values = Object.values(headers).flat().map(String);
	return [
		values.some((value) => value.includes(KEY)) ||
			(current.auth.authHeader === 'custom' && current.auth.headerName in headers),
		headers['openai-organization'] === ORGANIZATION,
		headers['openai-project'] === PROJECT,
	];
}

function checkArrivals(current: Case, arrived: ArrivedRequest[]) {
	const configuredUrl = new URL(baseUrlOf(current.configured));
	const hops = resolvedHops(current);
	const tries = current.hops[0].via === 'jobUrl' ? 3 : 1;
	const expected = [
		`${configuredUrl.href}/videos/v1`,
		...Array<string>(tries).fill(`${configuredUrl.href}/videos/v1/content`),
		...hops,
	];
	// The node's own requests are compared without their query, which is checked below.
	const own = (index: number) => index <= tries;
	expect(
		arrived.map(
			(request, index) =>
				`${request.origin.name} ${own(index) ? request.url.pathname : request.target}`,
		),
	).toEqual(
		expected.map((url, index) => {
			const where = own(index)
				? current.configured.origin
				: current.hops[index - tries - 1].place.origin;
			const { pathname, search } = new URL(url);
			return `${where.name} ${pathname}${own(index) ? '' : search}`;
		}),
	);
	arrived.forEach((request, index) => {
		const url = new URL(expected[index]);
		const onConfiguredOrigin = url.origin === configuredUrl.origin;
		expect(request.encrypted).toBe(url.protocol === 'https:');
		expect(request.headers.host).toBe(url.host);
		// No request off the configured origin carries the key, Organization or Project; the node's
		// own requests carry all three. (A hop back to the configured origin may carry them: a URL
		// with user-info there sends that as Basic auth instead of a Bearer key.)
		const carried = carriesCredential(request, current);
		if (!onConfiguredOrigin) expect(carried).toEqual([false, false, false]);
		if (own(index)) expect(carried).toEqual([true, true, true]);
		// The node's own requests carry the credential's Query Parameters; a URL a server gave is kept as given.
		if (own(index)) expect(Object.fromEntries(request.url.searchParams)).toEqual(current.query);
	});
}

async function keyStaysHome(current: Case) {
	plan = current;
	world.arrived.splice(0);
	const query = new URLSearchParams(current.query).toString();
	await withVirtualClock(async () => {
		const outcome = await outcomeOf({
			credentials: credentialsAt(baseUrlOf(current.configured), {
				...current.auth,
				organizationId: ORGANIZATION,
				projectId: PROJECT,
				queryParameters: query,
			}),
			parameters: {
				operation: 'download',
				videoId: 'v1',
				variant: 'video',
				binaryPropertyName: 'data',
			},
		});
		if ('failure' in outcome) throw new Error(`the download failed: ${outcome.failure.message}`);
		expect(outcome.run.fileOf(outcome.output[0])).toEqual(current.file);
		checkArrivals(current, world.arrived);
		expect(JSON.stringify(outcome.output)).not.toContain(KEY);
	});
}

describe('the key', () => {
	it(
		'reaches the exact configured origin only, over any chain of look-alike origins and auth header styles',
		async () => await holds(caseArbitrary, keyStaysHome, 25),
		PROPERTY_TIMEOUT_MS,
	);
});
