import type { Resource } from '../operation';
import * as create from './create.operation';
import * as get from './get.operation';

export const character: Resource = {
	value: 'character',
	name: 'Character',
	operations: [create.operation, get.operation],
};
