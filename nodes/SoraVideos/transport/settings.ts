export const CREDENTIAL_NAME = 'soraVideosApi';

/** Limits of the transport; tests shorten the idle timeout so a stalled body is noticed quickly. */
export const transportSettings = {
	/**
	 * A body that sends nothing for this long is abandoned (and retried when the request is
	 * retriable).
	 */
	idleTimeoutMs: 60000,
	/** Time allowed until the response headers arrive. */
	responseTimeoutMs: 300000,
	/** A JSON answer larger than this is not a job object: refuse it instead of filling memory. */
	maxJsonBytes: 16 * 1024 * 1024,
	maxRedirects: 5,
};
