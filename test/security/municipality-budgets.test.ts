import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userId } from '../../seeds/accounts.js';
import { consortiumId } from '../../seeds/organisations.js';
import { DEN_HAAG, DELFT } from '../integration/helpers/care.js';
import { startTestApp, type TestApp } from '../integration/helpers/test-app.js';

/**
 * A contract manager sees the population budgets of its own municipality only: Delft's contract
 * manager may not read what Den Haag gives its area consortia, nor what they spent — not through
 * the API, and not in SQL as the application role with its settings.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const BUDGETS = `query($id: ID!) { populationBudgets(consortiumId: $id, year: 2026) {
  amountCents spentCents area { name municipality { name } } allocations { amountCents } } }`;

/** Runs `sql` as the application role with the row-level security settings of `email`'s account. */
async function asAppRole<T extends pg.QueryResultRow>(
  email: string,
  settings: { roles: string; municipality: string },
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: t.db.appUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `SELECT set_config('app.user_id', $1, true), set_config('app.roles', $2, true),
              set_config('app.provider_id', '', true), set_config('app.municipality_id', $3, true)`,
      [userId(email), settings.roles, settings.municipality],
    );
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.query('ROLLBACK');
    await client.end();
  }
}

describe('population budgets of another municipality', () => {
  it('a Delft contract manager asks for the budgets Den Haag gives RondomJou: none', async () => {
    const delft = await t.as('contractmanager@delft.example')(BUDGETS, { id: consortiumId('rondomjou') });
    expect(delft.errors).toBeUndefined();
    expect(delft.data!.populationBudgets).toEqual([]);

    // Den Haag's own contract manager still sees them, all of Den Haag's areas
    const denHaag = await t.as('contractmanager@denhaag.example')(BUDGETS, { id: consortiumId('rondomjou') });
    expect(denHaag.data!.populationBudgets.length).toBeGreaterThan(0);
    expect(new Set(denHaag.data!.populationBudgets.map((b: any) => b.area.municipality.name))).toEqual(
      new Set(['Den Haag']),
    );
  });

  it('in SQL as the app role, a Delft contract manager reads no Den Haag budget, allocation or spend', async () => {
    const { rows } = await t.admin.query<{ id: string }>(
      `SELECT b.id FROM population_budget b JOIN area a ON a.id = b.area_id WHERE a.municipality_id = $1`,
      [DEN_HAAG],
    );
    expect(rows.length).toBeGreaterThan(0);
    const ids = rows.map((r) => r.id);
    // registered spend under one of them, so that there is something to leak
    const { rows: task } = await t.admin.query<{ id: string }>(
      `SELECT t.id FROM population_budget b
         JOIN consortium_membership cm ON cm.consortium_id = b.consortium_id AND cm.role IN ('LEAD', 'PARTNER')
         JOIN trajectory t ON t.area_id = b.area_id AND t.responsible_provider_id = cm.provider_id
        WHERE b.id = $1 LIMIT 1`,
      [ids[0]],
    );
    await t.admin.query(`UPDATE trajectory SET funding_variant = 'TASK' WHERE id = $1`, [task[0].id]);
    await t.admin.query(
      `INSERT INTO delivered_units (trajectory_id, product_price_id, delivered_on, quantity, registered_by)
       SELECT $1, (SELECT id FROM product_price ORDER BY product_code LIMIT 1), '2026-03-02', 10, $2`,
      [task[0].id, userId('admin@jeugdformaat.example')],
    );
    const delft = { roles: 'CONTRACT_MANAGER', municipality: DELFT };
    const seen = await asAppRole<{ n: number; allocations: number; spend: string | null }>(
      'contractmanager@delft.example',
      delft,
      `SELECT (SELECT count(*)::int FROM population_budget WHERE id = ANY($1)) AS n,
              (SELECT count(*)::int FROM budget_allocation WHERE budget_id = ANY($1)) AS allocations,
              access.population_budget_spend($2) AS spend`,
      [ids, ids[0]],
    );
    expect(seen).toEqual([{ n: 0, allocations: 0, spend: null }]);

    // the same statement with Den Haag's contract manager's settings sees them
    const denHaag = await asAppRole<{ n: number; spend: string | null }>(
      'contractmanager@denhaag.example',
      { roles: 'CONTRACT_MANAGER', municipality: DEN_HAAG },
      `SELECT (SELECT count(*)::int FROM population_budget WHERE id = ANY($1)) AS n, access.population_budget_spend($2) AS spend`,
      [ids, ids[0]],
    );
    expect(denHaag[0].n).toBe(ids.length);
    expect(Number(denHaag[0].spend)).toBeGreaterThan(0);
  });

  it('in SQL as the app role, a contract manager cannot set or allocate a budget', async () => {
    const [{ id, area }] = (
      await t.admin.query<{ id: string; area: string }>(
        `SELECT b.id, b.area_id AS area FROM population_budget b JOIN area a ON a.id = b.area_id WHERE a.municipality_id = $1 LIMIT 1`,
        [DEN_HAAG],
      )
    ).rows;
    const denHaag = { roles: 'CONTRACT_MANAGER', municipality: DEN_HAAG };
    await expect(
      asAppRole(
        'contractmanager@denhaag.example',
        denHaag,
        `UPDATE population_budget SET amount_cents = 1 WHERE id = $1 RETURNING id`,
        [id],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asAppRole(
        'contractmanager@denhaag.example',
        denHaag,
        `INSERT INTO population_budget (consortium_id, area_id, year, amount_cents) VALUES ($1, $2, 2027, 1)`,
        [consortiumId('rondomjou'), area],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asAppRole(
        'contractmanager@denhaag.example',
        denHaag,
        `INSERT INTO budget_allocation (budget_id, provider_id, amount_cents) SELECT $1, provider_id, 1 FROM consortium_membership LIMIT 1`,
        [id],
      ),
    ).rejects.toThrow(/row-level security/);
    const { rows } = await t.admin.query(`SELECT amount_cents FROM population_budget WHERE id = $1`, [id]);
    expect(Number(rows[0].amount_cents)).toBe(250_000_000);
  });
});
