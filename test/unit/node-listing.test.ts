import { SoraVideos } from '../../nodes/SoraVideos/SoraVideos.node';

// How the node is listed in n8n's nodes panel. Built inside the test: mutation testing relates a
// test to the code that ran during it.

test('the nodes panel lists it as Sora Videos, with the videos it makes described', () => {
	const { displayName, description } = new SoraVideos().description;
	expect(displayName).toBe('Sora Videos');
	expect(description).toBe(
		'Create, remix, wait for and download videos with the OpenAI Videos API (Sora) on any compatible server',
	);
});

test("it sits among n8n's Transform nodes, and its first field is called Resource", () => {
	const { group, properties } = new SoraVideos().description;
	expect(group).toEqual(['transform']);
	expect(properties[0]).toMatchObject({ name: 'resource', displayName: 'Resource' });
});
