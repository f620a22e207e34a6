// The real n8n the benchmark runs its workflows in: the end-to-end suite's N8nInstance (a user
// folder of the installed n8n, its CLI, imports, `n8n execute` and run data) and the outbound
// guard it preloads into every n8n process. This is the one place bench/ reaches into test/e2e/;
// when that machinery moves into support/, only these lines change.
import { join } from 'node:path';

export {
	N8nInstance,
	nodeItems,
	type ExecuteResult,
	type N8nRun,
	type NodeRun,
	type WorkflowJson,
} from '../test/e2e/n8n-instance';

/** Records attempts to reach non-loopback hosts; N8nInstance preloads it (NODE_OPTIONS). */
export const OUTBOUND_GUARD = join(__dirname, '..', 'test', 'e2e', 'outbound-guard.cjs');
