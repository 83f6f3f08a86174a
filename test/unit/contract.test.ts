import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../server/src/config.js';

const root = findProjectRoot();
const shared = join(root, '..', 'shared');

/** The contract files of the capabilities Samenspel offers; the core contract always. */
const CONTRACTS = [
  'api-contract.graphql',
  'contract/intake.graphql',
  'contract/accounts.graphql',
  'contract/ijw.graphql',
  'contract/family.graphql',
];

describe('the public API contract', () => {
  it.each(CONTRACTS)('schema/schema.graphql offers every name of %s as written', async (contract) => {
    const args = [join(shared, 'tools', 'contract-check.mjs'), join(root, 'schema', 'schema.graphql')];
    if (contract !== 'api-contract.graphql') args.push(join(shared, contract));
    const { stdout } = await promisify(execFile)(process.execPath, args);
    expect(stdout).toMatch(/all \d+ contract types satisfied/);
  });
});
