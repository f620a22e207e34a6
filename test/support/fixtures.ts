/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- Node tooling, not published (DEVELOPERS.md) */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The bytes of a file in test/fixtures: files a server really made (an MP4, a WebP, a JPEG). */
export const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures', name));
