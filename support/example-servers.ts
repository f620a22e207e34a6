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

/**
 * The simulator's default Base URL (`npx sora-videos-simulator`): the address the examples' own
 * requests name, such as image-to-video's HTTP Request for a sample image, so that they run as
 * imported against a simulator started the documented way.
 */
export const DEFAULT_SIMULATOR_URL = 'http://127.0.0.1:4010/v1';

interface WorkflowWithNodes {
	nodes: Array<{ parameters?: Record<string, unknown> }>;
}

/**
 * A copy of a workflow whose node URLs under the default simulator address point at `baseUrl`
 * instead: harnesses start the simulator on a free port (and OpenRouter's profile under /api/v1),
 * and give the credential that Base URL; this does the same for the examples' own requests.
 */
export function pointedAtSimulator<T extends WorkflowWithNodes>(workflow: T, baseUrl: string): T {
	const copy = JSON.parse(JSON.stringify(workflow)) as T;
	for (const node of copy.nodes) {
		const url = node.parameters?.url;
		if (typeof url === 'string' && url.startsWith(`${DEFAULT_SIMULATOR_URL}/`))
			node.parameters!.url = baseUrl + url.slice(DEFAULT_SIMULATOR_URL.length);
	}
	return copy;
}
