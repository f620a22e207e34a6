import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export class SoraVideosApi implements ICredentialType {
	name = 'soraVideosApi';

	displayName = 'Sora Videos API';

	icon = { light: 'file:sora.svg', dark: 'file:sora.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-sora-videos/n8n-nodes-sora-videos#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. http://127.0.0.1:4010/v1',
			hint: 'No server yet? Run the free simulator on the machine n8n runs on: npx sora-videos-simulator --profile litellm, then enter http://127.0.0.1:4010/v1 and the key sk-sim-local-key',
			description:
				"API root of a server that speaks the OpenAI Videos API (OpenAI's own is retired): a LiteLLM proxy (http://host:4000/v1), new-api, Bifrost, vLLM-Omni, SGLang or TensorRT-LLM (http://host:8000/v1), Azure OpenAI v1 (https://RESOURCE.openai.azure.com/openai/v1), OpenRouter (https://openrouter.ai/api/v1) or the local simulator (http://127.0.0.1:4010/v1)",
		},
		{
			displayName: 'Server',
			name: 'server',
			type: 'options',
			default: 'auto',
			options: [
				{ name: 'Any OpenAI-Compatible Server', value: 'auto' },
				{ name: 'Bifrost', value: 'bifrost' },
				{ name: 'LiteLLM Proxy', value: 'litellm' },
				{ name: 'New-Api (and Forks)', value: 'newApi' },
				{ name: 'OpenRouter', value: 'openRouter' },
				{ name: 'SGLang-Diffusion', value: 'sglang' },
				{ name: 'TensorRT-LLM (Trtllm-Serve)', value: 'tensorrtLlm' },
				{ name: 'vLLM-Omni', value: 'vllmOmni' },
			],
			description:
				'The kind of server the Base URL points at. The node shapes its requests for it and refuses, before paying, what it cannot do. Not sure? Keep "Any OpenAI-Compatible Server"; choose OpenRouter for OpenRouter.',
		},
		{
			displayName: 'Auth Header',
			name: 'authHeader',
			type: 'options',
			default: 'bearer',
			options: [
				{ name: 'Authorization: Bearer', value: 'bearer' },
				{ name: 'Api-Key (Azure)', value: 'apiKey' },
				{ name: 'Custom Header', value: 'custom' },
			],
			description: 'How the key is sent',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'e.g. x-litellm-api-key',
			displayOptions: { show: { authHeader: ['custom'] } },
			description: 'Name of the header that carries the key',
		},
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			type: 'string',
			default: '',
			displayOptions: { show: { server: ['auto'] } },
			description:
				'For an OpenAI-style account with several organizations; sent as OpenAI-Organization',
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			displayOptions: { show: { server: ['auto'] } },
			description: 'For an OpenAI-style account with projects; sent as OpenAI-Project',
		},
		{
			displayName: 'Query Parameters',
			name: 'queryParameters',
			type: 'string',
			default: '',
			placeholder: 'e.g. custom_llm_provider=openai',
			description:
				'Extra query parameters for every request, such as api-version=preview (Azure), custom_llm_provider=openai (LiteLLM) or provider=openai (Bifrost)',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const key = String(credentials.apiKey ?? '');
		const headers = { ...(requestOptions.headers ?? {}) };
		if (credentials.authHeader === 'apiKey') headers['api-key'] = key;
		else if (credentials.authHeader === 'custom' && String(credentials.headerName ?? '').trim()) {
			headers[String(credentials.headerName).trim()] = key;
		} else headers.Authorization = `Bearer ${key}`;
		if (credentials.organizationId)
			headers['OpenAI-Organization'] = String(credentials.organizationId);
		if (credentials.projectId) headers['OpenAI-Project'] = String(credentials.projectId);
		return { ...requestOptions, headers };
	}

	// n8n shows a rule's message instead of the bare HTTP status text; none repeats the key.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}',
			url: '/models',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The server refused the API key (HTTP 401). Check the key, and the Auth Header: Authorization: Bearer, Api-Key (Azure) or a custom header such as x-litellm-api-key.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"The server accepted the key but denied access (HTTP 403). Check the key's permissions, the organization and the project.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						"Nothing answered at /models below the Base URL you entered (HTTP 404). The Base URL should end with the API root, such as /v1. OpenAI's and Azure's hosted Sora endpoints are retired; point it at a server that still runs.",
				},
			},
		],
	};
}
