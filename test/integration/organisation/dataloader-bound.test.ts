import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = t.as('admin@h10.example');
});
afterAll(() => t?.close());

const QUERY = `{
  consortia {
    name
    lead { name }
    members { role provider { name subcontractsAsMain { subcontractor { name } profiles { code } } } }
    lots { code }
    areas { name municipality { name } }
  }
}`;

/** Adds `n` consortia, each with `n` new member providers, behind the API's back. */
async function addConsortia(n: number, tag: string): Promise<void> {
  await t.admin.query(
    `WITH c AS (
       INSERT INTO consortium (name) SELECT 'Extra ${tag} ' || i FROM generate_series(1, $1) i RETURNING id, name
     ), p AS (
       INSERT INTO provider (name, agb_code)
       SELECT 'Aanbieder ${tag} ' || c.name || ' ' || j, lpad((floor(random() * 1e8))::bigint::text, 8, '0')
         FROM c, generate_series(1, $1) j RETURNING id, name
     )
     INSERT INTO consortium_membership (consortium_id, provider_id, role, valid_from)
     SELECT c.id, p.id, CASE WHEN p.name LIKE '% 1' THEN 'LEAD' ELSE 'PARTNER' END, '2024-01-01'
       FROM c JOIN p ON p.name LIKE 'Aanbieder ${tag} ' || c.name || ' %'`,
    [n],
  );
}

describe('DataLoader batching', () => {
  it('runs the same number of SQL statements for 2 consortia as for 30 with 30 members each', async () => {
    const small = await admin(QUERY);
    expect(small.errors).toBeUndefined();
    expect(small.data!.consortia).toHaveLength(2);

    await addConsortia(28, 'x');
    const large = await admin(QUERY);
    expect(large.errors).toBeUndefined();
    expect(large.data!.consortia).toHaveLength(30);
    expect(large.data!.consortia.find((c: any) => c.name === 'Extra x 7').members).toHaveLength(28);

    expect(large.statements).toBe(small.statements);
    // one per level: consortia, lead, members, providers (×2 waves), subcontracts, profiles, lots, areas, municipality
    expect(small.statements).toBeLessThanOrEqual(14);
  });
});
