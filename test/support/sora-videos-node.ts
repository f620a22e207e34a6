import type { INode } from 'n8n-workflow';

/** The Sora Videos node as a workflow holds it; its parameters come from each run. */
export const soraVideosNode: INode = {
	id: 'sora-videos-test',
	name: 'Sora Videos',
	type: 'n8n-nodes-sora-videos.soraVideos',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
