import type { Resource } from '../operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as download from './download.operation';
import * as edit from './edit.operation';
import * as extend from './extend.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as remix from './remix.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export const video: Resource = {
	value: 'video',
	name: 'Video',
	// In the order of a first workflow (the Operation dropdown and n8n's actions list keep it):
	// Create, then Wait for Completion and Download, which turn a job into a file; the rest A to Z.
	operations: [
		create.operation,
		waitForCompletion.operation,
		download.operation,
		del.operation,
		edit.operation,
		extend.operation,
		get.operation,
		getMany.operation,
		remix.operation,
	],
};
