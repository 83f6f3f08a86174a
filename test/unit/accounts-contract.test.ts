import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../server/src/config.js';

const root = findProjectRoot();

describe('the accounts contract', () => {
  it('is offered by schema/schema.graphql (contract-check.mjs with contract/accounts.graphql)', () => {
    const out = execFileSync(
      process.execPath,
      [
        join(root, '..', 'shared', 'tools', 'contract-check.mjs'),
        join(root, 'schema', 'schema.graphql'),
        join(root, '..', 'shared', 'contract', 'accounts.graphql'),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out).toMatch(/contract types satisfied/);
  });
});
