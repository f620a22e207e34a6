import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The bytes of a file in test/fixtures: files a server really made (an MP4, a WebP, a JPEG). */
export const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures', name));
