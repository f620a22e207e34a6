// Workflows as n8n imports them and runs as `n8n execute --rawOutput` prints them (an IRun), with
// the two readers every caller needs: the run in the command's output and a node's items.
//
// `import:workflow --input=<file>` needs an `id` in the file (else "NOT NULL constraint failed:
// workflow_entity.id"). Credential references are resolved by id, else by name + type within the
// owner's project; we still write the imported id into each reference.
//
// `execute --id=<id> --rawOutput` (n8n 2.40.7) prints log lines, then the run as pretty-printed
// JSON (a line `{` … a line `}` at column 0) on stdout and exits 0. On a failed run it logs the
// same JSON (after "Execution error:" and a `====` line) and exits 1.
import { randomBytes } from 'node:crypto';

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion?: number;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, string | { id?: string | null; name?: string }>;
	webhookId?: string;
	disabled?: boolean;
	[key: string]: unknown;
}

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface BinaryRef {
	id?: string;
	data?: string;
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileType?: string;
	fileSize?: string;
	bytes?: number;
	[key: string]: unknown;
}

export interface RunItem {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryRef>;
	[key: string]: unknown;
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string; [key: string]: unknown };
	data?: { main?: Array<RunItem[] | null> };
	[key: string]: unknown;
}

/** What `n8n execute --rawOutput` prints: an IRun. */
export interface N8nRun {
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
			error?: {
				message?: string;
				description?: string;
				node?: { name?: string };
				[key: string]: unknown;
			};
		};
		[key: string]: unknown;
	};
	mode?: string;
	status?: string;
	finished?: boolean;
	startedAt?: string;
	stoppedAt?: string;
	[key: string]: unknown;
}

/** n8n-style id: 16 alphanumeric characters. */
export function n8nId(): string {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * A copy of `original` ready to import: its own id (`id`, else its valid one, else a new one) and
 * every credential reference whose name is in `credentialIds` (name → id) pointing at that id.
 */
export function workflowForImport(
	original: WorkflowJson,
	options: { id?: string; credentialIds?: Record<string, string> },
): WorkflowJson & { id: string } {
	const workflow = JSON.parse(JSON.stringify(original)) as WorkflowJson;
	const id =
		options.id ??
		(typeof workflow.id === 'string' && /^[A-Za-z0-9]{1,36}$/.test(workflow.id)
			? workflow.id
			: n8nId());
	const credentialIds = options.credentialIds ?? {};
	for (const node of workflow.nodes) {
		for (const [type, reference] of Object.entries(node.credentials ?? {})) {
			const name = typeof reference === 'string' ? reference : reference?.name;
			if (name !== undefined && name in credentialIds)
				node.credentials![type] = { id: credentialIds[name]!, name };
		}
	}
	return Object.assign(workflow, { id });
}

/**
 * Finds the run JSON in `n8n execute` output: the last block that starts with a line `{` and ends
 * with a line `}` (pretty-printed JSON keeps nested lines indented) and parses into an object with
 * data.resultData. Log lines before and after it are ignored.
 */
export function parseExecuteOutput(stdout: string): N8nRun | undefined {
	const lines = stdout.split(/\r?\n/);
	const starts: number[] = [];
	lines.forEach((line, index) => {
		if (line === '{') starts.push(index);
	});
	for (let s = starts.length - 1; s >= 0; s--) {
		const start = starts[s]!;
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end] !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(start, end + 1).join('\n')) as N8nRun;
				if (parsed && typeof parsed === 'object' && parsed.data?.resultData) return parsed;
			} catch {
				// not this block
			}
			break;
		}
	}
	return undefined;
}

/** Items a node emitted (main output `output`, run `runIndex`, default the last run). */
export function nodeItems(run: N8nRun, nodeName: string, output = 0, runIndex?: number): RunItem[] {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) return [];
	const chosen = runs[runIndex ?? runs.length - 1];
	return chosen?.data?.main?.[output] ?? [];
}

/** Why a finished `n8n execute` is not a successful run, or undefined when it is. */
export function executeProblem(
	result: { code: number | null; signal: NodeJS.Signals | null; timedOut: boolean },
	run: N8nRun | undefined,
	timeoutMs: number,
): string | undefined {
	if (result.timedOut) return `timed out after ${timeoutMs} ms`;
	if (!run) return `no run data in the output (exit ${result.code ?? result.signal})`;
	const error = run.data.resultData.error;
	if (error)
		return `${error.node?.name ? `${error.node.name}: ` : ''}${error.message ?? 'error'}${error.description ? ` (${error.description})` : ''}`;
	if (result.code !== 0) return `exit ${result.code ?? result.signal}`;
	if (run.status && run.status !== 'success') return `status ${run.status}`;
	return undefined;
}
