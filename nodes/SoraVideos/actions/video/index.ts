import type { Resource } from '../operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as remix from './remix.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export const video: Resource = {
	value: 'video',
	name: 'Video',
	operations: [
		create.operation,
		remix.operation,
		get.operation,
		getMany.operation,
		waitForCompletion.operation,
		download.operation,
		del.operation,
	],
};
