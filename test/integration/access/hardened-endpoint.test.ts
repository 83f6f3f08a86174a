import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = t.as('admin@h10.example');
});
afterAll(() => t?.close());

/** `{ consortia { members { consortium { members { ... } } } } }`, `levels` deep. */
function deepQuery(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++)
    inner = i % 2 === 0 ? `consortium { members { ${inner} } }` : `provider { consortia { ${inner} } }`;
  return `{ consortia { members { ${inner} } } }`;
}

function expectRefusedBeforeExecution(r: Awaited<ReturnType<Client>>, pattern: RegExp) {
  expect(r.data ?? null).toBeNull();
  expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  expect(r.errors![0].message).toMatch(pattern);
  expect(r.errors![0].message).not.toMatch(/\d/); // the limits are not revealed
  expect(r.statements).toBeLessThanOrEqual(3); // session lookup only: no resolver ran
}

describe('query limits', () => {
  it('refuses a query 20 levels deep before executing it', async () => {
    expectRefusedBeforeExecution(await admin(deepQuery(10)), /nested too deeply/);
  });

  it('accepts a query within the depth limit', async () => {
    const r = await admin(deepQuery(4));
    expect(r.errors).toBeUndefined();
  });

  it('refuses 200 aliases', async () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `a${i}: municipalities { id }`).join(' ');
    expectRefusedBeforeExecution(await admin(`{ ${aliases} }`), /too many aliases/);
  });

  it('refuses a query over the cost budget', async () => {
    const fields =
      'id name agbCode kvkNumber consortia { role validFrom validUntil consortium { id name lots { id code name } areas { id name municipality { id name cbsCode } } } }';
    const aliases = Array.from(
      { length: 15 },
      (_, i) =>
        `p${i}: providers { ${fields} subcontractsAsMain { id validFrom profiles { id code name segment } subcontractor { ${fields} } } }`,
    ).join(' ');
    expectRefusedBeforeExecution(await admin(`{ ${aliases} }`), /too expensive/);
  });

  it('refuses two mutations in one request', async () => {
    const r = await admin(`mutation { a: logout b: logout }`);
    expect(r.errors![0].message).toMatch(/one mutation per request/);
    expect((await admin('{ me { id } }')).data!.me.id).toBeTruthy(); // the session was not revoked
  });
});

describe('HTTP hardening', () => {
  it('refuses batched requests', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
  });

  it('refuses request bodies over 256 KiB with 413', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(300 * 1024) } }),
    });
    expect(res.status).toBe(413);
  });

  it('refuses a simple cross-site form post (CSRF prevention)', async () => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`, { method: 'GET' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });

  it('answers malformed JSON with 400 and BAD_USER_INPUT', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('masked errors', () => {
  it('reports an internal error as "Internal server error" with a code and nothing else', async () => {
    // Break an invariant behind the API's back: a consortium without a lead partner.
    await t.admin.query(`ALTER TABLE consortium_membership DISABLE TRIGGER ALL`);
    const { rows } = await t.admin.query(
      `UPDATE consortium_membership SET role = 'PARTNER' WHERE role = 'LEAD' RETURNING id`,
    );
    try {
      const r = await admin('{ consortia { name lead { name } } }');
      expect(r.errors!.length).toBeGreaterThan(0);
      for (const error of r.errors!)
        expect(error).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(r)).not.toMatch(/lead partner|stack|SELECT|consortium_membership/);
    } finally {
      await t.admin.query(`UPDATE consortium_membership SET role = 'LEAD' WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
      await t.admin.query(`ALTER TABLE consortium_membership ENABLE TRIGGER ALL`);
    }
  });
});

describe('production mode', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ database: t.db, production: true });
  });
  afterAll(() => prod?.app.close());

  it('refuses introspection and gives no field suggestions', async () => {
    const token = await prod.login('admin@h10.example');
    const introspection = await prod.gql('{ __schema { types { name } } }', {}, { token });
    expect(introspection.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(introspection.data ?? null).toBeNull();
    const typo = await prod.gql('{ municipalitie { id } }', {}, { token });
    expect(typo.errors![0].message).not.toMatch(/Did you mean/);
    const dev = await t.gql('{ municipalitie { id } }', {}, { token: await t.login('admin@h10.example') });
    expect(dev.errors![0].message).toMatch(/Did you mean/);
  });
});
