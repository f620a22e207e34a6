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
	operations: [
		create.operation,
		edit.operation,
		extend.operation,
		remix.operation,
		get.operation,
		getMany.operation,
		waitForCompletion.operation,
		download.operation,
		del.operation,
	],
};
