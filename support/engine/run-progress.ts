// A run of the engine harness told as it happens, one line each: nodes starting and finishing
// (with their items' ids and statuses), the node's progress messages (sendMessageToUI) and what
// it logs beyond them (retries, warnings).
import type { RunOptions } from './run-types';

export function progressLines(
	say: (line: string) => void,
): Pick<RunOptions, 'onNodeStart' | 'onNodeFinish' | 'onMessage' | 'onLog'> {
	let lastLine = '';
	return {
		onNodeStart: (name) => say(`▶ ${name}`),
		onNodeFinish: (name, task) => {
			if (task.error) {
				say(`✗ ${name}: ${task.error.message}`);
				return;
			}
			const items = task.data?.main?.[0] ?? [];
			const summary = items
				.map((item) => [item.json.id, item.json.status].filter(Boolean).join(' '))
				.filter(Boolean)
				.join(', ');
			say(`✓ ${name}${summary ? `: ${summary}` : ''} (${task.executionTime} ms)`);
		},
		// The node's progress: sendMessageToUI (shown in the browser console in n8n) …
		onMessage: (message) => {
			const line = message.messages.map(String).join(' ');
			lastLine = line;
			say(`  ${line}`);
		},
		// … and its log lines: retries and anything it warns about (its poll lines are logged at debug
		// level too, with the same text as the messages above, so they are not repeated).
		onLog: (level, message) => {
			if (message === lastLine || /^Sora Videos: \d+ done, /.test(message)) return;
			if (level === 'warn' || level === 'error' || /^Sora Videos:/.test(message))
				say(`  ${level}: ${message}`);
		},
	};
}
