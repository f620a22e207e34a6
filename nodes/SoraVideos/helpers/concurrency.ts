/**
 * Runs `task` over `inputs` with at most `limit` at a time and returns the results in input order.
 * When `shouldStop` turns true, tasks not yet started are skipped (their result is undefined).
 */
export async function mapWithConcurrency<Input, Output>(
	inputs: readonly Input[],
	limit: number,
	task: (input: Input, index: number) => Promise<Output>,
	shouldStop: () => boolean = () => false,
): Promise<Array<Output | undefined>> {
	const results: Array<Output | undefined> = new Array(inputs.length).fill(undefined);
	let next = 0;
	const worker = async () => {
		while (next < inputs.length && !shouldStop()) {
			const index = next++;
			results[index] = await task(inputs[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker));
	return results;
}

/** Returns a function that runs tasks with at most `limit` running at once, the rest queued in order. */
export function createLimiter(limit: number) {
	let running = 0;
	const queue: Array<() => void> = [];
	const release = () => {
		running--;
		queue.shift()?.();
	};
	return async <Output>(task: () => Promise<Output>): Promise<Output> => {
		if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
		running++;
		try {
			return await task();
		} finally {
			release();
		}
	};
}
