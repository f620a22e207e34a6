import {
	createLimiter,
	mapWithConcurrency,
} from '../../../../nodes/SoraVideos/helpers/concurrency';

// How many items the node works on at once, and in what order: a batch of 50 rows must not open 50
// jobs at once, must keep each item's output in its row, and must stop starting work once told.

/** A task whose runs finish only when the test says, recording how many ran at once. */
function controlledTask() {
	const finish: Array<() => void> = [];
	let running = 0;
	let most = 0;
	const started: number[] = [];
	const task = async (input: number) => {
		started.push(input);
		running++;
		most = Math.max(most, running);
		await new Promise<void>((resolve) => finish.push(resolve));
		running--;
		return input * 10;
	};
	const settle = async () => {
		for (let round = 0; round < 50; round++) {
			await Promise.resolve();
			finish.shift()?.();
		}
	};
	return { task, started, most: () => most, running: () => running, finish, settle };
}

const flush = async () => {
	for (let tick = 0; tick < 10; tick++) await Promise.resolve();
};

describe('mapWithConcurrency', () => {
	it('runs at most `limit` at once and gives the results in input order', async () => {
		const control = controlledTask();
		const done = mapWithConcurrency([1, 2, 3, 4, 5, 6, 7], 3, control.task);
		await flush();
		expect(control.started).toEqual([1, 2, 3]);
		control.finish[1]();
		await flush();
		expect(control.started).toEqual([1, 2, 3, 4]);
		await control.settle();
		expect(await done).toEqual([10, 20, 30, 40, 50, 60, 70]);
		expect(control.most()).toBe(3);
	});

	it('passes each input its index', async () => {
		const seen: Array<[string, number]> = [];
		await mapWithConcurrency(['a', 'b', 'c'], 2, async (input, index) => {
			seen.push([input, index]);
		});
		expect(seen.sort()).toEqual([
			['a', 0],
			['b', 1],
			['c', 2],
		]);
	});

	it('with a limit above the number of inputs, all start at once; with 0, one at a time', async () => {
		const wide = controlledTask();
		const wideDone = mapWithConcurrency([1, 2], 8, wide.task);
		await flush();
		expect(wide.started).toEqual([1, 2]);
		await wide.settle();
		expect(await wideDone).toEqual([10, 20]);

		const narrow = controlledTask();
		const narrowDone = mapWithConcurrency([1, 2], 0, narrow.task);
		await flush();
		expect(narrow.started).toEqual([1]);
		await narrow.settle();
		expect(await narrowDone).toEqual([10, 20]);
	});

	it('no inputs, no work', async () => {
		let calls = 0;
		expect(await mapWithConcurrency([], 4, async () => ++calls)).toEqual([]);
		expect(calls).toBe(0);
	});

	it('once told to stop, starts nothing more; what did not start has no result', async () => {
		let stop = false;
		const results = await mapWithConcurrency(
			[1, 2, 3, 4],
			1,
			async (input) => {
				if (input === 2) stop = true;
				return input;
			},
			() => stop,
		);
		expect(results).toStrictEqual([1, 2, undefined, undefined]);
	});
});

describe('createLimiter', () => {
	it('runs at most `limit` tasks at once, the rest in the order they came', async () => {
		const limit = createLimiter(2);
		const control = controlledTask();
		const all = Promise.all([1, 2, 3, 4].map((input) => limit(() => control.task(input))));
		await flush();
		expect(control.started).toEqual([1, 2]);
		control.finish[0]();
		await flush();
		expect(control.started).toEqual([1, 2, 3]);
		expect(control.running()).toBe(2);
		await control.settle();
		expect(await all).toEqual([10, 20, 30, 40]);
		expect(control.most()).toBe(2);
	});

	it('a task that fails gives its slot to the next', async () => {
		const limit = createLimiter(1);
		const failed = limit(async () => {
			throw new Error('download failed');
		});
		const next = limit(async () => 'next ran');
		await expect(failed).rejects.toThrow('download failed');
		expect(await next).toBe('next ran');
	});

	it('a slot freed by a finished task is free for a task that comes later', async () => {
		const limit = createLimiter(1);
		expect(await limit(async () => 'first')).toBe('first');
		let started = false;
		const later = limit(async () => {
			started = true;
		});
		await flush();
		expect(started).toBe(true);
		await later;
	});
});
