/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// The environment of every n8n process the e2e suite starts: its own user folder, a fixed
// encryption key, SQLite, binary data on disk, everything on 127.0.0.1 and nothing that phones
// home. A cell overrides what it tests (binary data mode, database, queue settings).
//
// With modules enabled by default, n8n 2.40.7's `start` calls api.n8n.io from the mcp-registry
// refresh task; N8N_DISABLED_MODULES=mcp-registry (disabledModules) stops it. The outbound guard
// (support/n8n/outbound-guard.cjs, preloaded through NODE_OPTIONS) records any other attempt to reach
// a non-loopback host.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { disabledModules } from './runtime';

const E2E_ENCRYPTION_KEY = 'sora-videos-e2e-fixed-encryption-key-0001';
export const OUTBOUND_GUARD = join(__dirname, 'outbound-guard.cjs');
/** Variables of the calling environment that would configure n8n (or npm) behind our back. */
const INHERITED_CONFIGURATION =
	/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_PATH$|npm_)/;

export interface EnvironmentSettings {
	userFolder: string;
	storagePath: string;
	n8nVersion: string;
	/** Where the outbound guard records attempts; undefined to run without the guard. */
	outboundLog: string | undefined;
	/** The instance's own settings (the cell's), applied over the defaults. */
	overrides: Record<string, string>;
}

/** Environment of an n8n process: isolated, offline, filesystem binary data, loopback only. */
export function n8nEnvironment(
	settings: EnvironmentSettings,
	extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env))
		if (!INHERITED_CONFIGURATION.test(key)) env[key] = value;
	Object.assign(env, defaults(settings));
	Object.assign(env, disabledModules(settings.n8nVersion));
	if (settings.outboundLog !== undefined && existsSync(OUTBOUND_GUARD)) {
		env.NODE_OPTIONS = `--require ${OUTBOUND_GUARD}`;
		env.SORA_E2E_OUTBOUND_LOG = settings.outboundLog;
	}
	Object.assign(env, settings.overrides, extra);
	return env;
}

function defaults(settings: EnvironmentSettings): Record<string, string> {
	return {
		N8N_USER_FOLDER: settings.userFolder,
		N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		GENERIC_TIMEZONE: 'UTC',
		// No telemetry, version checks, templates, banners, surveys, AI or license calls.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// Community packages: load ours from the nodes folder, never reach npm or api.n8n.io.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// Binary data on disk, as the node's streamed downloads expect.
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_STORAGE_PATH: settings.storagePath,
		// Task runners (Code node): internal mode, broker on loopback (port set per process).
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		// Server: loopback only.
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_FORMAT: 'text',
		EXECUTIONS_MODE: 'regular',
		DB_TYPE: 'sqlite',
	};
}
