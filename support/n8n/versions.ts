// The pinned versions of n8n and Node, and what differs between n8n's major versions when it is
// installed and run (docs/e2e.md, "The install recipe").

/** The n8n version `npm run bench` and the 2.x e2e cells use. */
export const N8N_VERSION = '2.40.7';
/** The n8n 1.x LTS release the e2e matrix proves (the newest 1.123.x on the registry we reach). */
export const N8N_1X_VERSION = '1.123.81';
export const NODE24_VERSION = '24.21.0';

export function majorOf(version: string): number {
	return Number(version.split('.')[0]);
}

/**
 * n8n 2.x's mcp-registry module calls api.n8n.io when the server starts, so it is disabled; n8n
 * 1.x has no such module and refuses to start when told to disable an unknown one.
 */
export function disabledModules(version: string): Record<string, string> {
	return majorOf(version) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {};
}

/**
 * Environment for `n8n execute` of a version. n8n 1.x evaluates expressions in isolated-vm
 * isolates by default (N8N_EXPRESSION_ENGINE=vm, a pool of one warm isolate that is replaced in
 * the background whenever an execution takes it). Its `execute` command ends with process.exit()
 * without disposing that pool, so after a short workflow the replacement isolate is still being
 * built on isolated-vm's thread and the process dies with SIGSEGV after printing a correct run
 * (docs/e2e.md). The legacy engine has no isolates; `n8n start` keeps the default engine.
 */
export function executeEnv(version: string): Record<string, string> {
	return majorOf(version) === 1 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {};
}

/** npm `overrides` a version needs to install from the registry. */
export function overridesFor(version: string): Record<string, string> {
	// n8n 1.x's xlsx dependency is a tarball URL on cdn.sheetjs.com, which is not reachable here.
	return majorOf(version) === 1 ? { xlsx: '0.18.5' } : {};
}
