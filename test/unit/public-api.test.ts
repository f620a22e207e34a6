// Saved workflows store the node's type, its operation values and its parameter names and values;
// a renamed one breaks every workflow that used it. The snapshot holds what is saved, not the
// labels a user reads, so that wording can change freely and these cannot change by accident.
// Adding a parameter or an option updates the snapshot (`npx jest -u`); review that diff for
// renames.
import type {
	ICredentialType,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
} from 'n8n-workflow';

import { SoraVideosApi } from '../../credentials/SoraVideosApi.credentials';
import { SoraVideos } from '../../nodes/SoraVideos/SoraVideos.node';

type Option = INodeProperties | INodePropertyOptions | INodePropertyCollection;

/** What a saved workflow depends on: names, types, values, defaults and when a field shows. */
function saved(option: Option): unknown {
	if ('type' in option) {
		return {
			name: option.name,
			type: option.type,
			default: option.default,
			show: option.displayOptions?.show,
			options: option.options?.map(saved),
		};
	}
	if ('value' in option) return option.value;
	return { name: option.name, values: option.values.map(saved) };
}

test('the node keeps the names, operation values, parameters and defaults that saved workflows use', () => {
	const { name, version, credentials, properties } = new SoraVideos().description;
	expect({ name, version, credentials, properties: properties.map(saved) }).toMatchSnapshot();
});

test('the credential keeps its name and the fields that stored credentials use', () => {
	const credential: ICredentialType = new SoraVideosApi();
	expect({ name: credential.name, properties: credential.properties.map(saved) }).toMatchSnapshot();
});
