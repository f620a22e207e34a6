// What every e2e cell checks in a finished run, wherever that cell's n8n stored the binaries.
import { createHash } from 'node:crypto';

import { createdIds as startedIds } from '../../support/simulator-log';
import type { ContentVariant, Simulator } from '../../simulator';
import {
	nodeItems,
	type BinaryRef,
	type N8nRun,
	type RunItem,
	type WorkflowJson,
	type WorkflowNode,
} from '../../support/n8n/run-data';

export const PACKAGE_NAME = 'n8n-nodes-sora-videos';
export const NODE_TYPE = `${PACKAGE_NAME}.soraVideos`;
export const TRIGGER_TYPE = `${PACKAGE_NAME}.soraVideosTrigger`;
/** The credential every cell and the editor test create, by the name the examples reference. */
export const CREDENTIAL_TYPE = 'soraVideosApi';
export const CREDENTIAL_NAME = 'Sora Videos account';

/** n8n's binary data modes the matrix runs. */
export type BinaryMode = 'filesystem' | 'database' | 'default';

export interface CheckContext {
	workflow: WorkflowJson;
	sim: Simulator;
	binaryMode: BinaryMode;
	/** The stored bytes of a binary (file, database row, inline base64 or the main's REST API). */
	readBinary(binary: BinaryRef): Promise<Buffer | undefined>;
	problems: string[];
	notes: string[];
	/** Jobs the simulator had created before this workflow ran. */
	jobsBefore: Set<string>;
}

/** The package's nodes in a workflow: Sora Videos and Sora Videos Trigger. */
export function soraNodes(workflow: WorkflowJson): WorkflowNode[] {
	return workflow.nodes.filter(
		(node) => (node.type === NODE_TYPE || node.type === TRIGGER_TYPE) && !node.disabled,
	);
}

/**
 * Whether a workflow stores files: a Download, a Wait for Completion or trigger that downloads, or
 * a Create that waits (its Wait for Completion option downloads the MP4).
 */
export function downloads(workflow: WorkflowJson): boolean {
	return soraNodes(workflow).some((node) => isDownloadNode(node));
}

function operationOf(node: WorkflowNode): string {
	return node.type === TRIGGER_TYPE ? 'trigger' : String(node.parameters?.operation ?? 'create');
}

const optionsOf = (node: WorkflowNode) =>
	(node.parameters?.options ?? {}) as Record<string, unknown>;

/** A Create with its Wait for Completion option, which ends with the job completed. */
function createWaits(node: WorkflowNode): boolean {
	return operationOf(node) === 'create' && optionsOf(node).waitForCompletion === true;
}

function isDownloadNode(node: WorkflowNode): boolean {
	const operation = operationOf(node);
	return (
		operation === 'download' ||
		createWaits(node) ||
		(['waitForCompletion', 'trigger'].includes(operation) && optionsOf(node).download === true)
	);
}

function variantOf(binary: BinaryRef): ContentVariant | undefined {
	const mime = String(binary.mimeType ?? '').toLowerCase();
	const extension = String(
		binary.fileExtension ?? binary.fileName?.split('.').pop() ?? '',
	).toLowerCase();
	if (mime === 'video/mp4' || extension === 'mp4') return 'video';
	if (mime === 'image/webp' || extension === 'webp') return 'thumbnail';
	if (mime === 'image/jpeg' || extension === 'jpg' || extension === 'jpeg') return 'spritesheet';
	return undefined;
}

/** Jobs the simulator started (create, remix, edit and extension answered 2xx). */
export function createdIds(sim: Simulator): Set<string> {
	return new Set(startedIds(sim));
}

/** Whether a binary reference says it lives where this cell's mode keeps binaries. */
function storedWhereExpected(binary: BinaryRef, mode: BinaryMode): boolean {
	const id = String(binary.id ?? '');
	if (mode === 'filesystem') return id.startsWith('filesystem');
	if (mode === 'database') return id.startsWith('database:');
	return id === '' && typeof binary.data === 'string' && binary.data.length > 0;
}

/** The node's operations that output video objects. */
const VIDEO_OUTPUT_OPERATIONS = new Set([
	'trigger',
	'create',
	'edit',
	'extend',
	'remix',
	'get',
	'waitForCompletion',
	'download',
]);

/** What the checks of one run share: the jobs the simulator created, what it served, what was found. */
interface OutputScan {
	ctx: CheckContext;
	known: Set<string>;
	contentLog: ReturnType<Simulator['log']>;
	/** Files found per variant. */
	counts: Record<string, number>;
}

/**
 * Checks every item the Sora Videos nodes emitted: ids are jobs the simulator created, Wait for
 * Completion items are completed, and every binary is stored where the cell's binary data mode
 * keeps it, with exactly the bytes the simulator served for that job and variant (sha256).
 */
export async function checkSoraOutputs(run: N8nRun, ctx: CheckContext): Promise<void> {
	const nodes = soraNodes(ctx.workflow);
	if (nodes.length === 0) return;
	const scan: OutputScan = {
		ctx,
		known: createdIds(ctx.sim),
		// The file came from the content route, or from a signed URL on the second origin.
		contentLog: ctx.sim
			.log()
			.filter(
				(entry) =>
					(entry.route === 'GET /videos/{id}/content' || entry.route === 'GET /files/{id}') &&
					entry.status === 200,
			),
		counts: {},
	};
	let expectedFiles = 0;
	for (const node of nodes) expectedFiles += await checkNodeOutput(run, node, scan);
	const summary = Object.entries(scan.counts)
		.map(([variant, count]) => `${count} ${variant === 'video' ? 'MP4' : variant}`)
		.join(', ');
	if (
		expectedFiles > 0 &&
		Object.values(scan.counts).reduce((sum, count) => sum + count, 0) < expectedFiles
	) {
		ctx.problems.push(`expected ${expectedFiles} downloaded file(s), found ${summary || 'none'}`);
	}
	const fresh = [...scan.known].filter((id) => !ctx.jobsBefore.has(id)).length;
	ctx.notes.push(
		`${fresh} job(s) created; byte-identical (sha256) in ${ctx.binaryMode} mode: ${summary || 'none'}`,
	);
}

/** Checks one node's items; returns how many files it should have stored. */
async function checkNodeOutput(run: N8nRun, node: WorkflowNode, scan: OutputScan): Promise<number> {
	const { ctx } = scan;
	const operation = operationOf(node);
	const runs = run.data.resultData.runData[node.name];
	if (!runs) {
		ctx.problems.push(`node "${node.name}" did not run`);
		return 0;
	}
	const items: RunItem[] = runs.flatMap((_, index) => nodeItems(run, node.name, 0, index));
	if (items.length === 0) ctx.problems.push(`node "${node.name}" (${operation}) emitted no items`);
	for (const [index, item] of items.entries()) {
		const where = `"${node.name}" item ${index}`;
		const id = typeof item.json.id === 'string' ? item.json.id : undefined;
		const resource = String(node.parameters?.resource ?? 'video');
		if (resource === 'video' && VIDEO_OUTPUT_OPERATIONS.has(operation)) {
			if (!id) ctx.problems.push(`${where}: no video id in json.id`);
			else if (!scan.known.has(id))
				ctx.problems.push(`${where}: id ${id} is not a job the simulator created`);
		}
		if (
			(operation === 'waitForCompletion' || createWaits(node)) &&
			item.json.status !== 'completed'
		) {
			ctx.problems.push(
				`${where}: status ${JSON.stringify(item.json.status)}, expected "completed"`,
			);
		}
		if (isDownloadNode(node) && (!item.binary || Object.keys(item.binary).length === 0))
			ctx.problems.push(`${where}: no binary data`);
		for (const [property, binary] of Object.entries(item.binary ?? {}))
			await checkBinary(
				`${where} binary "${property}" (${binary.mimeType ?? '?'})`,
				binary,
				id,
				scan,
			);
	}
	return isDownloadNode(node) ? items.length : 0;
}

/** A stored file: where the mode keeps it, the bytes of a job the simulator served, as many as it sent. */
async function checkBinary(
	label: string,
	binary: BinaryRef,
	id: string | undefined,
	scan: OutputScan,
): Promise<void> {
	const { ctx } = scan;
	const variant = variantOf(binary);
	if (!variant) {
		ctx.problems.push(`${label}: not an MP4, WebP or JPEG`);
		return;
	}
	scan.counts[variant] = (scan.counts[variant] ?? 0) + 1;
	if (!storedWhereExpected(binary, ctx.binaryMode)) {
		ctx.problems.push(
			`${label}: not stored as ${ctx.binaryMode} mode stores binaries (id ${JSON.stringify(binary.id)})`,
		);
		return;
	}
	const bytes = await ctx.readBinary(binary);
	if (!bytes) {
		ctx.problems.push(
			`${label}: the stored bytes of ${binary.id ?? 'the inline data'} were not found`,
		);
		return;
	}
	const digest = createHash('sha256').update(bytes).digest('hex');
	const owner = await jobServing(digest, variant, id, scan);
	if (!owner) {
		ctx.problems.push(
			`${label}: ${bytes.length} bytes, sha256 ${digest.slice(0, 12)}… matches no ${variant} the simulator serves`,
		);
		return;
	}
	if (id && owner !== id) ctx.problems.push(`${label}: bytes belong to ${owner}, item says ${id}`);
	const served = scan.contentLog
		.filter((entry) => entry.videoId === owner)
		.map((entry) => entry.bytesSent);
	if (!served.includes(bytes.length))
		ctx.problems.push(
			`${label}: ${bytes.length} bytes stored, simulator sent ${JSON.stringify(served)} for ${owner}`,
		);
}

/** Which job these bytes are: the item's id, else whichever created job the simulator serves them for. */
async function jobServing(
	digest: string,
	variant: ContentVariant,
	id: string | undefined,
	scan: OutputScan,
): Promise<string | undefined> {
	const candidates = [id, ...scan.known].filter(
		(candidate): candidate is string => typeof candidate === 'string',
	);
	for (const candidate of candidates)
		if ((await scan.ctx.sim.expectedSha256(candidate, variant)) === digest) return candidate;
	return undefined;
}

export function checkNodeStatuses(run: N8nRun, ctx: Pick<CheckContext, 'problems'>): void {
	for (const [name, runs] of Object.entries(run.data.resultData.runData)) {
		for (const nodeRun of runs) {
			if (nodeRun.error)
				ctx.problems.push(
					`node "${name}" failed: ${nodeRun.error.message ?? JSON.stringify(nodeRun.error)}`,
				);
			else if (nodeRun.executionStatus && nodeRun.executionStatus !== 'success')
				ctx.problems.push(`node "${name}" status ${nodeRun.executionStatus}`);
		}
	}
}
