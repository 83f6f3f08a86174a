import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../integration/helpers/test-app.js';

// The GraphQL over HTTP specification, checked by graphql-http's own audit against the real server:
// a client written to the specification understands every answer, refusals included.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('GraphQL over HTTP', () => {
  it('a client that sends a broken, invalid or wrongly typed operation as plain JSON gets a GraphQL answer (all MUST and SHOULD audits pass)', async () => {
    const results = await auditServer({ url: `${t.url}/graphql` });
    const required = results.filter((r) => /^(MUST|SHOULD) /.test(r.name));
    const failed = required.filter((r) => r.status !== 'ok').map((r) => `${r.id} ${r.name}`);
    expect(failed).toEqual([]);
    expect(required.filter((r) => r.name.startsWith('MUST ')).length).toBe(13);
    expect(required.filter((r) => r.name.startsWith('SHOULD ')).length).toBe(23);
  });
});
