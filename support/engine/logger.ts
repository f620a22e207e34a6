// The engine harness's stand-in for n8n's Logger service: every line nodes and n8n-core log goes
// to the listeners of the runs in progress.
import type { IDataObject } from 'n8n-workflow';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogListener = (level: LogLevel, message: string, metadata?: IDataObject) => void;

/** Stands in for n8n's Logger service (what `this.logger` is in a node); forwards to listeners. */
export class HarnessLogger {
	readonly listeners = new Set<LogListener>();

	private emit(level: LogLevel, message: string, metadata?: IDataObject) {
		for (const listener of this.listeners) listener(level, message, metadata);
	}

	error = (message: string, metadata?: IDataObject) => this.emit('error', message, metadata);
	warn = (message: string, metadata?: IDataObject) => this.emit('warn', message, metadata);
	info = (message: string, metadata?: IDataObject) => this.emit('info', message, metadata);
	debug = (message: string, metadata?: IDataObject) => this.emit('debug', message, metadata);
	scoped = () => this;
}
