/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useValidatedServer } from './helpers';

// The request log (simulator/log.ts): what each entry records, what it hides, and its file copy.

const logFile = join(tmpdir(), `sim-log-${process.pid}-${Date.now()}.jsonl`);
const t = useValidatedServer({ logFile });
afterAll(() => rmSync(logFile, { force: true }));

test('entries carry route, status, request id and redacted secrets; count() per route', async () => {
	const before = t.sim.count('GET /videos/{id}');
	const res = await t.call('/videos/video_nope', {
		headers: { 'x-custom-api-key': 'sk-other', 'openai-project': 'proj_1' },
	});
	expect(t.sim.count('GET /videos/{id}')).toBe(before + 1);
	const entry = t.sim.log().find((e) => e.requestId === res.headers.get('x-request-id'));
	expect(entry).toMatchObject({
		origin: 'api',
		method: 'GET',
		path: '/v1/videos/video_nope',
		route: 'GET /videos/{id}',
		status: 404,
		fault: null,
	});
	expect(entry?.headers).toMatchObject({
		authorization: '[redacted]',
		'x-custom-api-key': '[redacted]',
		'openai-project': 'proj_1',
	});
	const lines = readFileSync(logFile, 'utf8').trim().split('\n');
	expect(lines.length).toBe(t.sim.log().length);
	expect(readFileSync(logFile, 'utf8')).not.toContain(t.sim.apiKey);
	expect(JSON.stringify(t.sim.log())).not.toContain(t.sim.apiKey);
});
