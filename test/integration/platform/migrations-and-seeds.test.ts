import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { migrationsApplied, createDataSource } from '../../../server/src/db/database.js';
import { prepareDatabase } from '../../../server/src/db/prepare.js';
import { seedDatabase } from '../../../seeds/index.js';
import { createTestDatabase, type TestDatabase } from '../../setup/test-database.js';

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

async function counts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = [
      'region',
      'municipality',
      'area',
      'provider',
      'lot',
      'consortium',
      'consortium_membership',
      'consortium_lot',
      'consortium_area',
      'profile',
      'intensity',
      'pic',
      'subcontract',
      'subcontract_profile',
      'integrated_team',
      'integrated_team_member',
    ];
    const out: Record<string, number> = {};
    for (const table of tables) out[table] = (await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    return out;
  } finally {
    await client.end();
  }
}

describe('migrations and seeds', () => {
  it('migrate an empty database, seed it, and seeding again changes nothing', async () => {
    const db = await createTestDatabase({ empty: true });
    dbs.push(db);
    await prepareDatabase(db.adminUrl, { appPassword: inject('appPassword') });
    const first = await counts(db.adminUrl);
    expect(first).toMatchObject({
      region: 1,
      municipality: 10,
      lot: 4,
      consortium: 2,
      profile: 8,
      intensity: 4,
      pic: 64,
      integrated_team: 2,
    });
    expect(first.provider).toBeGreaterThanOrEqual(15);
    expect(first.subcontract).toBeGreaterThanOrEqual(6);

    await seedDatabase(db.adminUrl, { demo: true });
    await prepareDatabase(db.adminUrl, { appPassword: inject('appPassword') });
    expect(await counts(db.adminUrl)).toEqual(first);

    const app = createDataSource({ url: db.appUrl, poolSize: 1 });
    await app.initialize();
    expect(await migrationsApplied(app)).toBe(true);
    await app.destroy();
  });

  it('refuses data the domain forbids, in the database itself', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const client = new pg.Client({ connectionString: db.adminUrl });
    await client.connect();
    const refused = async (sql: string) => {
      await client.query('SAVEPOINT s');
      const error = await client.query(sql).then(
        () => null,
        (e) => e,
      );
      await client.query('ROLLBACK TO SAVEPOINT s');
      return error?.code;
    };
    try {
      await client.query('BEGIN');
      expect(await refused(`INSERT INTO provider (name, agb_code) VALUES ('X', '1234567')`)).toBe('23514'); // AGB: 8 digits
      expect(
        await refused(`INSERT INTO municipality (region_id, cbs_code, name) SELECT id, '51', 'X' FROM region`),
      ).toBe('23514');
      expect(
        await refused(`INSERT INTO pic (profile_id, intensity_id, tariff_cents, valid_from, valid_until)
        SELECT profile_id, intensity_id, 100, '2024-06-01', '2024-01-01' FROM pic LIMIT 1`),
      ).toBe('23514'); // range backwards
      expect(
        await refused(`INSERT INTO pic (profile_id, intensity_id, tariff_cents, valid_from)
        SELECT profile_id, intensity_id, 100, '2025-01-01' FROM pic LIMIT 1`),
      ).toBe('23P01'); // overlaps the open tariff
      expect(
        await refused(`INSERT INTO consortium_membership (consortium_id, provider_id, role, valid_from)
        SELECT consortium_id, (SELECT id FROM provider WHERE name = 'Stichting Middin'), 'LEAD', '2025-01-01'
          FROM consortium_membership WHERE role = 'LEAD' LIMIT 1`),
      ).toBe('23P01'); // a second lead at the same time
      expect(
        await refused(`INSERT INTO subcontract (main_contractor_id, subcontractor_id, valid_from)
        SELECT id, id, '2025-01-01' FROM provider LIMIT 1`),
      ).toBe('23514'); // not with itself
      expect(
        await refused(`INSERT INTO area (municipality_id, name) VALUES ('00000000-0000-4000-8000-000000000000', 'X')`),
      ).toBe('23503');
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });
});
