// The e2e matrix's cells: n8n versions × execution modes × binary data modes (docs/e2e.md, "The
// matrix"), and the options that choose among them and their workflows.
import type { ServerProfile } from '../../simulator';
import type { BinaryMode } from './checks';
import { N8N_1X_VERSION, N8N_VERSION } from '../../support/n8n/runtime';

export interface Cell {
	name: string;
	n8nVersion: string;
	executionMode: 'regular' | 'queue';
	binaryMode: BinaryMode;
	/** Also run the smoke fixtures, the webhook example and the credential test (n8n start). */
	full: boolean;
	/**
	 * A server with a dialect of its own (OpenRouter): the cell runs its own simulator with this
	 * profile, a credential naming `server`, and only the workflows written for it (openrouter-cell.ts).
	 */
	own?: { profile: ServerProfile; server: string };
	/**
	 * A server the shared simulator plays for this regular cell (the README's LiteLLM proxy): the
	 * examples for any OpenAI Videos API server run against it, with a credential naming it.
	 */
	served?: { profile: ServerProfile; server: string };
	/**
	 * `examples`: every example that fits the mode; `trigger`: the pipeline pair under restarts
	 * (trigger-cell.ts); `loop`: the long-render loop parked by n8n's Wait (loop-cell.ts).
	 */
	kind: 'examples' | 'trigger' | 'loop';
}

function cell(
	n8nVersion: string,
	executionMode: Cell['executionMode'],
	binaryMode: BinaryMode,
	full: boolean,
): Cell {
	return {
		name: `${n8nVersion}-${executionMode}-${binaryMode}`,
		n8nVersion,
		executionMode,
		binaryMode,
		full,
		kind: 'examples',
	};
}

/** A cell of the long-render examples, named after what it runs. */
function longRenderCell(
	kind: 'trigger' | 'loop',
	executionMode: Cell['executionMode'],
	binaryMode: BinaryMode,
): Cell {
	return {
		name: `${N8N_VERSION}-${kind}-${executionMode}`,
		n8nVersion: N8N_VERSION,
		executionMode,
		binaryMode,
		full: false,
		kind,
	};
}

export const CELLS: Cell[] = [
	cell(N8N_VERSION, 'regular', 'filesystem', true),
	cell(N8N_VERSION, 'regular', 'database', false),
	cell(N8N_VERSION, 'regular', 'default', false),
	cell(N8N_VERSION, 'queue', 'database', false),
	cell(N8N_VERSION, 'queue', 'filesystem', false),
	cell(N8N_1X_VERSION, 'regular', 'default', true),
	{
		...cell(N8N_VERSION, 'regular', 'database', false),
		name: `${N8N_VERSION}-regular-database-litellm`,
		served: { profile: 'litellm', server: 'litellm' },
	},
	{
		...cell(N8N_VERSION, 'regular', 'filesystem', false),
		name: `${N8N_VERSION}-regular-filesystem-openrouter`,
		own: { profile: 'openrouter', server: 'openRouter' },
	},
	longRenderCell('trigger', 'regular', 'filesystem'),
	longRenderCell('trigger', 'queue', 'database'),
	longRenderCell('loop', 'regular', 'filesystem'),
];

export interface MatrixOptions {
	/** Run only cells whose name contains one of these (all when empty). */
	cells: string[];
	/** Run only workflows whose file name contains one of these (all when empty). */
	only: string[];
	/** More workflow files to run in the regular cells. */
	extraWorkflows: string[];
	keep: boolean;
	renderMs: number;
}
