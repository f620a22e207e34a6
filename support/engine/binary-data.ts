/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
// n8n's binary-data service for the engine harness, in the three modes n8n runs in: `filesystem`
// (a store under the engine's folder), `default` (in memory: the bytes travel base64-encoded in
// the item, n8n 1.x's default) and `database` (n8n 2.x's queue-mode default, DatabaseBinaryStore).
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

import type { Logger } from '@n8n/backend-common';
import { binaryToBuffer } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService, ErrorReporter } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

/** n8n's N8N_DEFAULT_BINARY_DATA_MODE. */
export type BinaryDataMode = 'default' | 'filesystem' | 'database';

/**
 * n8n's `database` binary-data mode in process. n8n's own manager lives in the n8n package (with
 * TypeORM), out of reach of n8n-core; like it, this one reads the node's stream with
 * @n8n/backend-network's binaryToBuffer (listeners on 'data', nothing else) before it writes the
 * row, so a node's stream behaves here as it does there. The "table" is a Map.
 */
class DatabaseBinaryStore {
	private readonly rows = new Map<
		string,
		{ bytes: Buffer; metadata: { fileName?: string; mimeType?: string } }
	>();

	async init(): Promise<void> {}

	async store(
		_location: unknown,
		bufferOrStream: Buffer | Readable,
		metadata: { fileName?: string; mimeType?: string },
	) {
		const bytes = await binaryToBuffer(bufferOrStream);
		const fileId = randomUUID();
		this.rows.set(fileId, { bytes, metadata });
		return { fileId, fileSize: bytes.length };
	}

	getPath(fileId: string): string {
		return `database:${fileId}`;
	}

	async getAsBuffer(fileId: string): Promise<Buffer> {
		return this.row(fileId).bytes;
	}

	async getAsStream(fileId: string): Promise<Readable> {
		return Readable.from([this.row(fileId).bytes]);
	}

	async getMetadata(fileId: string) {
		const { bytes, metadata } = this.row(fileId);
		return { ...metadata, fileSize: bytes.length };
	}

	private row(fileId: string) {
		const row = this.rows.get(fileId);
		if (!row) throw new Error(`no binary data row ${fileId}`);
		return row;
	}
}

/**
 * Registers n8n-core's BinaryDataService (and its config) in the global container, in `mode`, with
 * the filesystem store under `storagePath` and the database store in memory.
 */
export async function registerBinaryData(
	mode: BinaryDataMode,
	storagePath: string,
	logger: Logger,
): Promise<BinaryDataService> {
	const binaryConfig = {
		mode,
		availableModes: ['filesystem', 'database'],
		localStoragePath: storagePath,
		signingSecret: 'sora-engine-harness',
		dbMaxFileSize: 512,
	} as unknown as BinaryDataConfig;
	Container.set(BinaryDataConfig, binaryConfig);
	const binaryData = new BinaryDataService(binaryConfig, Container.get(ErrorReporter), logger);
	await binaryData.init();
	binaryData.setManager(
		'database',
		new DatabaseBinaryStore() as unknown as Parameters<BinaryDataService['setManager']>[1],
	);
	Container.set(BinaryDataService, binaryData);
	return binaryData;
}

/** The store's id of a binary property; an inline one (mode `default`) has none. */
export function storedId(binary: IBinaryData): string {
	if (!binary.id)
		throw new Error(
			'binary property has no id: it is held inline (base64 in data), not in the store',
		);
	return binary.id;
}
