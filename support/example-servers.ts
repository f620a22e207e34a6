// The examples written for one server: the simulator profile they run against and the credential's
// Server, for the engine tests (test/engine) and the e2e matrix (test/e2e). The other examples run
// against the default profile with the credential's default Server.
import { SERVER_PROFILES, type ServerProfile } from '../simulator';

export interface ExampleServer {
	profile: ServerProfile;
	/** The credential's Server (docs/interface.md). */
	server: string;
}

export const EXAMPLE_SERVERS: Record<string, ExampleServer> = {
	'self-hosted-wan.json': { profile: 'vllm-omni', server: 'vllmOmni' },
	'openrouter-veo.json': { profile: 'openrouter', server: 'openRouter' },
};

/**
 * Whether an example speaks a dialect of its own (OpenRouter's), so only a simulator with that
 * profile and a credential naming that Server can run it; the others run on any OpenAI Videos API.
 */
export function needsItsOwnServer(fileName: string): boolean {
	const target = EXAMPLE_SERVERS[fileName];
	return target !== undefined && !SERVER_PROFILES.includes(target.profile);
}
