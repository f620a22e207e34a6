/*
 * Self-hosted inference servers (self-hosted-servers.md in the team's docs, read from each
 * server's source). They run one open model (Wan …) whatever the request calls it, have no remix,
 * delete running jobs (cancelling them), and each reports failures and unready content its own way.
 */

/** The model entry of a self-hosted server's GET /models (vLLM's shape). */
export function servedModelEntry(served: string): Record<string, unknown> {
	return {
		id: served,
		object: 'model',
		created: 1766016000,
		owned_by: 'vllm',
		root: served,
		parent: null,
	};
}
