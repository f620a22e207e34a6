// Credentials in the engine harness: the caller's decrypted data by credential type, and n8n's
// CredentialsHelper reduced to what nodes use at run time.
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsHelper,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeHelpers, UserError, Workflow } from 'n8n-workflow';

/**
 * Decrypted credential data by credential type (e.g. `{ soraVideosApi: { apiKey, baseUrl } }`);
 * every node that references a credential of that type gets it, whatever its id or name.
 */
export type EngineCredentials = Record<string, ICredentialDataDecryptedObject>;

/**
 * n8n's CredentialsHelper, reduced to what nodes use at run time: getDecrypted (the caller's data
 * with the credential type's defaults filled in, as n8n does) and authenticate (the type's
 * `authenticate`: generic headers/qs/body/auth with `={{$credentials…}}` expressions, or a function).
 */
export class HarnessCredentialsHelper implements ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly supplied: EngineCredentials,
		private readonly nodeTypes: INodeTypes,
	) {}

	private type(name: string): ICredentialType {
		const type = this.types[name];
		if (!type) throw new UserError(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types[name]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (authenticate === undefined) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) => {
			if (typeof value !== 'string' || !value.startsWith('=')) return value;
			const context =
				workflow ??
				new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: this.nodeTypes });
			const contextNode =
				node ??
				({
					name: 'credential',
					type: 'credential',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
					id: 'credential',
				} as INode);
			return context.expression.getSimpleParameterValue(
				contextNode,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
		};
		const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
		requestOptions.headers ??= {};
		for (const [outerKey, values] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries((values ?? {}) as IDataObject)) {
				options[outerKey] ??= {};
				options[outerKey][String(resolve(key))] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new UserError(
			'The engine harness holds no encrypted credentials (getCredentials is not supported)',
		);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.supplied[type];
		if (!data) {
			throw new UserError(
				`Credential with ID "${nodeCredentials.id ?? ''}" does not exist for type "${type}" (the harness was given: ${Object.keys(this.supplied).join(', ') || 'none'})`,
			);
		}
		// n8n's CredentialsHelper.applyDefaultsAndOverwrites: defaults of the type's properties.
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			{ ...data } as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return { ...(withDefaults as ICredentialDataDecryptedObject), ...data };
	}

	getCredentialsProperties(type: string) {
		return this.type(type).properties;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}
