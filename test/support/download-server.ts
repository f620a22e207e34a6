import type { IDataObject } from 'n8n-workflow';

import type { ServerProfile, Simulator } from '../../simulator';
import { fixture } from './fixtures';
import {
	jsonAnswer as json,
	useLocalServers,
	type LocalAnswer,
	type SeenRequest,
} from './local-server';
import { runNode, type RunOptions } from './node-context';
import { clock, create, credentialsAt, run, sha256 } from './node-harness';

/** What the Download tests share: files a server sends, servers that send them, and the node's download. */
export const MP4 = fixture('video.mp4');
export const WEBP = fixture('thumbnail.webp');
export const JPEG = fixture('spritesheet.jpg');
export const UNKNOWN_BYTES = Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xff, 0x10, 0x20]);

/** Picks an answer by the request's path and what came before. */
export type PathRoute = (path: string, seen: SeenRequest[]) => LocalAnswer | Promise<LocalAnswer>;

/**
 * For a test file: useLocalServers(), whose `serve(route)` starts a server on 127.0.0.1 answering
 * by the request's path (`serveRequests(route)` by the whole request).
 */
export function useContentServers() {
	const servers = useLocalServers();
	const serve = async (route: PathRoute) =>
		await servers.serve(async (request, seen) => await route(request.path, seen));
	return { ...servers, serve, serveRequests: servers.serve };
}

export const file = (bytes: Buffer, headers: Record<string, string> = {}): LocalAnswer => ({
	status: 200,
	headers,
	body: bytes,
});

export const completedJob = (id: string, extra: IDataObject = {}) =>
	json(200, { id, object: 'video', status: 'completed', progress: 100, model: 'sora-2', ...extra });

/** A completed job v1 whose /content answers with `content` (the path tells the variant). */
export const withContent = (content: PathRoute, job: IDataObject = {}): PathRoute => {
	return (path, seen) =>
		/\/content/.test(path) || !path.startsWith('/v1/videos/')
			? content(path, seen)
			: completedJob('v1', job);
};

export const contentRequests = (seen: SeenRequest[]) =>
	seen.filter((entry) => entry.path.includes('/content'));

/** Runs Download of `variant` of `videoId` from the server at `baseUrl`, into binary property `data`. */
export async function download(
	baseUrl: string,
	variant = 'video',
	videoId = 'v1',
	rest: Partial<RunOptions> = {},
) {
	return await runNode({
		credentials: credentialsAt(baseUrl),
		parameters: { operation: 'download', videoId, variant, binaryPropertyName: 'data' },
		...rest,
	});
}

export const downloadParameters = (videoId: string) => ({
	operation: 'download',
	videoId,
	variant: 'video',
	binaryPropertyName: 'data',
});

/** Creates a job on `sim`, lets it finish and downloads its video, which must arrive whole. */
export async function downloadFinishedVideo(sim: Simulator, profile: ServerProfile = 'openai') {
	const job = await create(sim, profile);
	clock.advance(60000);
	const downloaded = await run(sim, downloadParameters(job.id));
	expect(sha256(downloaded.fileOf(downloaded.output[0]))).toBe(await sim.expectedSha256(job.id));
	return downloaded;
}
