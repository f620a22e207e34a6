// Every workflow in examples/ runs through n8n-core's real engine (WorkflowExecute, see
// support/engine/engine.ts) with this package's node and credential, against the simulator over
// real HTTP on 127.0.0.1, on a virtual clock (a 20 s render is waited for without waiting). The
// outputs are checked against what the simulator served. The n8n-nodes-base nodes around ours
// (Manual Trigger, Code, Webhook, Respond to Webhook, Sticky Note, Schedule Trigger, Wait, If, Stop
// and Error) are the harness's stand-ins; the real ones run the same files in `npm run test:e2e`.
// A polling trigger run by hand shows a job finished beforehand; a Wait's parked time passes on
// the virtual clock. What each example does besides: example-details.test.ts and
// long-render-examples.test.ts; the harness itself: harness.test.ts and binary-helpers.test.ts.
import { EXAMPLE_SERVERS } from '../../support/example-servers';
import { exampleFiles, NODE_TYPE, useExampleRuns } from './example-runs';

const runs = useExampleRuns();

test('examples/ holds the documented workflows (and every file there is run below)', () => {
	expect(exampleFiles).toEqual(
		expect.arrayContaining([
			'batch.json',
			'first-video.json',
			'image-to-video.json',
			'long-render-loop.json',
			'openrouter-veo.json',
			'pipeline-create.json',
			'pipeline-finished.json',
			'self-hosted-wan.json',
			'text-to-video.json',
			'webhook-pipeline.json',
		]),
	);
});

describe.each(exampleFiles)('examples/%s in n8n-core’s WorkflowExecute', (file) => {
	test('runs to success; ids, statuses and downloaded bytes match the simulator', async () => {
		const started = Date.now();
		const { workflow, run } = await runs.runExample(file);
		await runs.checkSoraOutputs(workflow, run);
		// Renders take 20 s of simulator time; the run took virtual time only.
		expect(Date.now() - started).toBeLessThan(15_000);
		const waiting = (node: (typeof workflow.nodes)[number]) =>
			node.parameters.operation === 'waitForCompletion' ||
			(node.parameters.options as { waitForCompletion?: boolean } | undefined)
				?.waitForCompletion === true;
		if (workflow.nodes.some((node) => node.type === NODE_TYPE && waiting(node))) {
			expect(runs.clock.sleeps.length).toBeGreaterThan(0);
		}
	});
});

// The README recommends a LiteLLM proxy: every example that names no server of its own works on one.
describe.each(exampleFiles.filter((file) => !EXAMPLE_SERVERS[file]))(
	'examples/%s on a LiteLLM proxy (profile litellm, credential Server LiteLLM)',
	(file) => {
		test('runs to success; ids, statuses and downloaded bytes match the simulator', async () => {
			const { workflow, run } = await runs.runExample(file, {
				profile: 'litellm',
				server: 'litellm',
			});
			await runs.checkSoraOutputs(workflow, run);
		});
	},
);
