import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findProjectRoot } from './config.js';
import { createSchema, printSdl } from './schema.js';

// npm run schema: writes schema/schema.graphql from the code (a test fails when it is stale).
const target = join(findProjectRoot(), 'schema', 'schema.graphql');
await writeFile(target, printSdl(await createSchema()));
console.log(`wrote ${target}`);
