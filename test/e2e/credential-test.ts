// The credential's test as the editor's "Test" button runs it on the saved credential, through the
// main's REST API as the owner (docs/e2e.md, "What is checked").
import { randomBytes } from 'node:crypto';

import type { Simulator } from '../../simulator';
import type { Cell } from './cells';
import type { N8nServer } from '../../support/n8n/server';
import type { OwnerSession } from '../../support/n8n/owner-session';
import type { Outcome } from './report';

interface SavedCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

interface TestAnswer {
	httpStatus: number;
	text: string;
	result: { status?: string; message?: string } | undefined;
}

interface CredentialTestRun {
	cell: Cell;
	server: N8nServer;
	session: OwnerSession;
	sim: Simulator;
	apiKey: string;
	problems: string[];
	notes: string[];
}

const LABEL = 'credential test (POST /rest/credentials/test)';

/**
 * The credential's test as the editor runs it on the saved credential: it reads the credential
 * (GET /rest/credentials/<id>?includeData=true, the key redacted) and posts its id with the form's
 * data to POST /rest/credentials/test; n8n puts the saved key back where the form still holds the
 * redacted value. (n8n 1.x answers 403 for a credential id the user cannot read, an empty one
 * included; 2.x accepts an empty id only for an owner's instance credential.) The saved key
 * passes; a typed-in wrong key and a Base URL without /v1 fail with the credential's own messages,
 * and neither n8n's answers nor its log repeat a key.
 */
export async function checkCredentialTest(
	cell: Cell,
	server: N8nServer,
	session: OwnerSession,
	sim: Simulator,
	apiKey: string,
	credentialId: string,
): Promise<Outcome> {
	const started = Date.now();
	const run: CredentialTestRun = { cell, server, session, sim, apiKey, problems: [], notes: [] };
	const saved = await readSavedCredential(run, credentialId);
	if (saved) await testThreeWays(run, saved);
	return {
		cell: cell.name,
		label: LABEL,
		ok: run.problems.length === 0,
		ms: Date.now() - started,
		problems: run.problems,
		notes: run.notes,
	};
}

/** The editor's read of the saved credential (its key redacted), or undefined when it fails. */
async function readSavedCredential(
	run: CredentialTestRun,
	credentialId: string,
): Promise<SavedCredential | undefined> {
	const { apiKey, problems, notes } = run;
	const read = await run.session.get(`/rest/credentials/${credentialId}?includeData=true`);
	const readText = await read.text();
	if (!read.ok) {
		problems.push(
			`GET /rest/credentials/${credentialId} answered HTTP ${read.status}: ${readText.replaceAll(apiKey, '[key]').slice(0, 300)}`,
		);
		return undefined;
	}
	const saved = (JSON.parse(readText) as { data: SavedCredential }).data;
	if (readText.includes(apiKey))
		problems.push("n8n's answer to the editor's read of the credential holds the key");
	notes.push(
		`the editor's read of the saved credential holds apiKey ${JSON.stringify(String(saved.data.apiKey).replaceAll(apiKey, '[key]'))}`,
	);
	return saved;
}

async function testWith(
	session: OwnerSession,
	saved: SavedCredential,
	changes: { apiKey?: string; baseUrl?: string },
): Promise<TestAnswer> {
	const response = await session.post('/rest/credentials/test', {
		credentials: {
			id: saved.id,
			name: saved.name,
			type: saved.type,
			data: { ...saved.data, ...changes },
		},
	});
	const text = await response.text();
	let result: { status?: string; message?: string } | undefined;
	try {
		result = (JSON.parse(text) as { data?: { status?: string; message?: string } }).data;
	} catch {
		result = undefined;
	}
	return { httpStatus: response.status, text, result };
}

/** The saved key, a typed-in wrong key and a Base URL without /v1. */
async function testThreeWays(run: CredentialTestRun, saved: SavedCredential): Promise<void> {
	const { cell, server, session, sim, apiKey, problems, notes } = run;
	const probesBefore = sim.count('GET /models');
	const right = await testWith(session, saved, {});
	notes.push(
		`saved key (form unchanged) → HTTP ${right.httpStatus} ${right.text.replaceAll(apiKey, '[key]')}`,
	);
	if (right.result?.status !== 'OK') problems.push('the right key did not pass the test');
	const wrongKey = `sk-e2e-WRONG-${randomBytes(8).toString('hex')}`;
	const wrong = await testWith(session, saved, { apiKey: wrongKey });
	notes.push(
		`wrong key → HTTP ${wrong.httpStatus} ${wrong.text.replaceAll(wrongKey, '[the wrong key]')}`,
	);
	// n8n 1.x's credential tester reads a rule's status from the error's cause.response, which its
	// own HTTP helper does not leave there, so it shows its generic 401 and 404 texts instead of the
	// credential's messages (docs/e2e.md). The test still fails, and still leaks no key.
	const own = !cell.n8nVersion.startsWith('1.');
	const expected401 = own
		? /refused the API key \(HTTP 401\)/
		: /Authorization failed - please check your credentials/;
	const expected404 = own ? /should end with the API root/ : /could not be found/;
	if (wrong.result?.status !== 'Error' || !expected401.test(wrong.result.message ?? ''))
		problems.push(
			`the wrong key did not fail with ${own ? "the credential's" : "n8n's generic"} 401 message`,
		);
	const noV1 = await testWith(session, saved, { baseUrl: sim.baseUrl.replace(/\/v1$/, '') });
	notes.push(
		`Base URL without /v1 → HTTP ${noV1.httpStatus} ${noV1.text.replaceAll(apiKey, '[key]')}`,
	);
	if (noV1.result?.status !== 'Error' || !expected404.test(noV1.result.message ?? ''))
		problems.push(
			`a Base URL without /v1 did not fail with ${own ? "the credential's" : "n8n's generic"} 404 message`,
		);
	if (wrong.text.includes(wrongKey) || right.text.includes(apiKey) || noV1.text.includes(apiKey))
		problems.push("n8n's answer repeats the key");
	if (server.output().includes(wrongKey) || server.output().includes(apiKey))
		problems.push("n8n's log repeats a key");
	const probes = sim.count('GET /models') - probesBefore;
	notes.push(`the simulator saw ${probes} GET /models`);
	if (probes < 2) problems.push('the tests did not reach the simulator');
}
