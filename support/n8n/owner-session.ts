// The main's REST API as the instance owner: the session the credential test, the queue cells,
// the benchmark's queue-mode run and the editor test sign in with, and the executions the main stores.
import { randomBytes } from 'node:crypto';

import type { N8nInstance } from './instance';
import type { N8nRun } from './run-data';
import type { N8nServer } from './server';

export interface OwnerSession {
	/** The session cookie and the browser id n8n tied it to (a browser sends it as `browser-id`, from localStorage `n8n-browserId`). */
	cookie: string;
	browserId: string;
	get(path: string): Promise<Response>;
	post(path: string, body: unknown): Promise<Response>;
}

/** Sets up the instance owner (POST /rest/owner/setup) and returns a signed-in session. */
export async function ownerSession(server: N8nServer): Promise<OwnerSession> {
	// n8n ties its session cookie to the browser-id header it was issued with.
	const browserId = 'sora-videos-e2e';
	const headers = { 'content-type': 'application/json', 'browser-id': browserId };
	const setup = await fetch(`${server.baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers,
		body: JSON.stringify({
			email: 'owner@example.com',
			firstName: 'E2E',
			lastName: 'Owner',
			password: `E2e-${randomBytes(6).toString('hex')}-pass1`,
		}),
	});
	const cookie = setup.headers
		.getSetCookie()
		.map((line) => line.split(';')[0])
		.join('; ');
	if (!setup.ok || !cookie)
		throw new Error(
			`owner setup answered HTTP ${setup.status}: ${(await setup.text()).slice(0, 300)}`,
		);
	return signedIn(server, cookie, browserId);
}

function signedIn(server: N8nServer, cookie: string, browserId: string): OwnerSession {
	const headers = { 'content-type': 'application/json', 'browser-id': browserId, cookie };
	return {
		cookie,
		browserId,
		get: (path) => fetch(`${server.baseUrl}${path}`, { headers }),
		post: (path, body) =>
			fetch(`${server.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
	};
}

/** The same signed-in session against another process of the instance (the main after a restart). */
export function sessionAt(server: N8nServer, session: OwnerSession): OwnerSession {
	return signedIn(server, session.cookie, session.browserId);
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
}

export async function listExecutions(session: OwnerSession): Promise<ExecutionSummary[]> {
	const response = await session.get(
		`/rest/executions?limit=200&filter=${encodeURIComponent('{}')}`,
	);
	if (!response.ok) throw new Error(`GET /rest/executions answered HTTP ${response.status}`);
	return ((await response.json()) as { data: { results: ExecutionSummary[] } }).data.results;
}

/** An execution as the main stores it, with its run data (n8n keeps it `flatted`-encoded). */
export async function fetchExecution(
	session: OwnerSession,
	instance: N8nInstance,
	id: string,
): Promise<{ status: string; run: N8nRun }> {
	const response = await session.get(`/rest/executions/${id}`);
	if (!response.ok) throw new Error(`GET /rest/executions/${id} answered HTTP ${response.status}`);
	const execution = (
		(await response.json()) as {
			data: { status: string; data: string; startedAt?: string; stoppedAt?: string };
		}
	).data;
	const flatted = instance.requireFromN8n<{ parse(text: string): N8nRun['data'] }>('flatted');
	const { startedAt, stoppedAt } = execution;
	return {
		status: execution.status,
		run: { data: flatted.parse(execution.data), startedAt, stoppedAt },
	};
}

/** A stored binary's bytes through the main (any mode), or the inline base64 of the `default` mode. */
export async function readThroughMain(
	session: OwnerSession,
	binary: { id?: string; data?: string },
): Promise<Buffer | undefined> {
	if (binary.id) return await downloadBinary(session, binary.id);
	return typeof binary.data === 'string' ? Buffer.from(binary.data, 'base64') : undefined;
}

/** A binary's bytes as the main serves them to its owner (GET /rest/binary-data), whatever the mode. */
export async function downloadBinary(
	session: OwnerSession,
	binaryId: string,
): Promise<Buffer | undefined> {
	const response = await session.get(
		`/rest/binary-data?id=${encodeURIComponent(binaryId)}&action=download`,
	);
	return response.ok ? Buffer.from(await response.arrayBuffer()) : undefined;
}
