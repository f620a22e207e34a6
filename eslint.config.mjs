// n8n's own lint rules for community nodes: the config @n8n/node-cli publishes (the
// community-nodes plugin's recommended rules, n8n-nodes-base's node, credential and package.json
// rules with the verification scanner's exceptions, typescript-eslint and import-x).
// `npm run lint` applies it to what is published (nodes/, credentials/, package.json) with inline
// config off, as the scanner does, so an `eslint-disable` comment hides nothing.
import { config } from '@n8n/node-cli/eslint';

export default config;
