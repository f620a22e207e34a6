import type { IDataObject } from 'n8n-workflow';

import { failureOf } from './node-context';
import { run, simulator } from './node-harness';

/**
 * A mistake the node can see before it sends anything: the case's name, the node's parameters, the
 * field the error names, what the error says, and the bytes of the item's binary property `image`
 * (null for an item without one).
 */
export type LocalMistake = [string, IDataObject, string, RegExp, Buffer | null];

const withImage = (bytes: Buffer) => [
	{ json: {}, binary: { image: { data: bytes.toString('base64'), mimeType: 'image/png' } } },
];

/**
 * One test a mistake, run against a simulator (the file calls useSimulators()): the error names
 * item 0 and the field, says what is wrong and what to do, and the server receives nothing.
 */
export function itRefusesBeforeSending(mistakes: LocalMistake[]) {
	it.each(mistakes)('%s', async (_name, parameters, field, problem, image) => {
		const sim = await simulator();
		const failure = await failureOf(run(sim, parameters, image ? { items: withImage(image) } : {}));
		expect(failure.message).toMatch(
			new RegExp(`^Item 0, field "${field.replace(/[()]/g, '\\$&')}": `),
		);
		expect(failure.message).toMatch(problem);
		expect(failure.description).toBeTruthy();
		expect(sim.log()).toHaveLength(0);
	});
}
