// Preloaded into every n8n process of the end-to-end suite (NODE_OPTIONS=--require …).
// Records every attempt to resolve or connect to a host that is not loopback, so the suite can
// prove that n8n stays offline (no telemetry, version checks, registries, …). With
// SORA_E2E_OUTBOUND_BLOCK=1 such attempts also fail at once instead of waiting for DNS.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const logFile = process.env.SORA_E2E_OUTBOUND_LOG;
const block = process.env.SORA_E2E_OUTBOUND_BLOCK === '1';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::', '']);

function isLocal(host) {
	if (host === undefined || host === null) return true;
	const h = String(host)
		.toLowerCase()
		.replace(/^\[|\]$/g, '');
	return LOOPBACK.has(h) || h.startsWith('127.') || h.endsWith('.localhost') || h.startsWith('/');
}

function record(kind, host, port) {
	if (!logFile) return;
	const stack = (new Error().stack || '')
		.split('\n')
		.slice(3, 9)
		.map((l) => l.trim())
		.join(' | ');
	try {
		fs.appendFileSync(
			logFile,
			`${JSON.stringify({ pid: process.pid, kind, host: String(host), port, stack })}\n`,
		);
	} catch {}
}

function refusal(host) {
	const error = new Error(`getaddrinfo ENOTFOUND ${host} (blocked by the e2e outbound guard)`);
	error.code = 'ENOTFOUND';
	error.hostname = host;
	return error;
}

const originalLookup = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
	if (!isLocal(hostname) && !net.isIP(String(hostname))) {
		record('dns', hostname);
		if (block) {
			const cb = typeof options === 'function' ? options : callback;
			process.nextTick(() => cb(refusal(hostname)));
			return {};
		}
	}
	return originalLookup.apply(this, arguments);
};

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
	let options = args[0];
	if (Array.isArray(options)) options = options[0];
	let host;
	let port;
	if (options && typeof options === 'object') {
		host = options.host ?? options.hostname;
		port = options.port;
		if (options.path) host = undefined;
	} else if (
		typeof options === 'number' ||
		(typeof options === 'string' && /^\d+$/.test(options))
	) {
		port = Number(options);
		host = typeof args[1] === 'string' ? args[1] : undefined;
	}
	if (host !== undefined && !isLocal(host) && net.isIP(String(host))) record('connect', host, port);
	return originalConnect.apply(this, args);
};
