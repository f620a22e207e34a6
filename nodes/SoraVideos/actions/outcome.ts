import type { INodeExecutionData } from 'n8n-workflow';

/** What one input item came to: its output items, or the error it failed with. */
export type ItemOutcome = INodeExecutionData[] | Error;
