// The editor's Model list: asked once, so a failing server does not keep the dropdown waiting
// through the retries an execution would make.
import { getModels } from '../../../../nodes/SoraVideos/methods/loadOptions';
import { jsonAnswer, useLocalServers } from '../../../support/local-server';
import { loadOptionsContext } from '../../../support/node-context';

const { serve } = useLocalServers();

it('asks a failing server once and offers the Sora models instead', async () => {
	const server = await serve(() => jsonAnswer(503, { error: { message: 'overloaded' } }));
	const options = await getModels.call(
		loadOptionsContext({ apiKey: 'sk-test', baseUrl: `${server.origin}/v1` }),
	);
	expect(options.map((option) => option.value)).toEqual(['sora-2', 'sora-2-pro', '']);
	expect(server.seen).toHaveLength(1);
});
