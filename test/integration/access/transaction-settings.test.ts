import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../../server/src/db/database.js';
import { RequestDb } from '../../../server/src/db/request-db.js';
import { createTestDatabase, type TestDatabase } from '../../setup/test-database.js';

let db: TestDatabase;
let dataSource: DataSource;
beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = createDataSource({ url: db.appUrl, poolSize: 2 });
  await dataSource.initialize();
});
afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

describe('viewer settings are transaction-local', () => {
  it('never carry one request’s viewer into another request over a pool of 2 connections', async () => {
    const viewers = Array.from({ length: 60 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const seen = await Promise.all(
      viewers.map(async (viewer, i) => {
        // every third request has no viewer at all: it must see no setting
        const request = new RequestDb(dataSource, i % 3 === 0 ? {} : { 'app.user_id': viewer });
        try {
          const before = await request.one<{ v: string }>(`SELECT current_setting('app.user_id', true) AS v`);
          await request.query('SELECT pg_sleep(0.005)');
          const after = await request.one<{ v: string }>(`SELECT current_setting('app.user_id', true) AS v`);
          return [before!.v ?? '', after!.v ?? ''];
        } finally {
          await request.end();
        }
      }),
    );
    seen.forEach(([before, after], i) => {
      const expected = i % 3 === 0 ? '' : viewers[i];
      expect(before).toBe(expected);
      expect(after).toBe(expected);
    });
  });

  it('leave a returned connection without any viewer setting', async () => {
    const request = new RequestDb(dataSource, {
      'app.user_id': '00000000-0000-4000-8000-000000000001',
      'app.roles': 'REGION_ADMIN',
    });
    await request.query('SELECT 1');
    await request.end();
    const raw = await dataSource.query(
      `SELECT current_setting('app.user_id', true) AS u, current_setting('app.roles', true) AS r`,
    );
    expect(raw[0].u ?? '').toBe('');
    expect(raw[0].r ?? '').toBe('');
  });
});

describe('the application role', () => {
  it('owns no table and cannot bypass row-level security', async () => {
    const client = new pg.Client({ connectionString: db.adminUrl });
    await client.connect();
    try {
      const owned = await client.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = 'samenspel_app'`,
      );
      expect(owned.rows).toEqual([]);
      const role = await client.query(
        `SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'samenspel_app'`,
      );
      expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    } finally {
      await client.end();
    }
  });
});

describe('the access log', () => {
  it('is append-only: neither the app role nor the table owner can change or delete entries', async () => {
    const owner = new pg.Client({ connectionString: db.adminUrl });
    await owner.connect();
    try {
      const {
        rows: [user],
      } = await owner.query(`SELECT id, email FROM app_user WHERE email = 'admin@h10.example'`);
      const {
        rows: [entry],
      } = await owner.query(
        `INSERT INTO access_log (user_id, user_email, organisation_id, organisation_name, youth_id, action, purpose)
         VALUES ($1, $2, gen_random_uuid(), 'Regio', gen_random_uuid(), 'READ', 'test') RETURNING id`,
        [user.id, user.email],
      );
      await expect(owner.query(`UPDATE access_log SET purpose = 'changed' WHERE id = $1`, [entry.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(owner.query(`DELETE FROM access_log WHERE id = $1`, [entry.id])).rejects.toThrow(/append-only/);
      await expect(owner.query(`TRUNCATE access_log`)).rejects.toThrow(/append-only/);

      const request = new RequestDb(dataSource, { 'app.user_id': user.id, 'app.roles': 'REGION_ADMIN' });
      try {
        await expect(
          request.query(`UPDATE access_log SET purpose = 'changed' WHERE id = $1`, [entry.id]),
        ).rejects.toThrow(/permission denied/);
      } finally {
        await request.end(false);
      }
      const other = new RequestDb(dataSource, { 'app.user_id': user.id, 'app.roles': 'REGION_ADMIN' });
      try {
        await expect(other.query(`DELETE FROM access_log WHERE id = $1`, [entry.id])).rejects.toThrow(
          /permission denied/,
        );
      } finally {
        await other.end(false);
      }
      const { rows } = await owner.query(`SELECT purpose FROM access_log WHERE id = $1`, [entry.id]);
      expect(rows).toEqual([{ purpose: 'test' }]);
    } finally {
      await owner.end();
    }
  });

  it('takes entries from the app only in the name of the transaction’s own viewer', async () => {
    const request = new RequestDb(dataSource, { 'app.user_id': '00000000-0000-4000-8000-000000000001' });
    try {
      await expect(
        request.query(
          `INSERT INTO access_log (user_id, user_email, organisation_id, organisation_name, youth_id, action)
           SELECT id, email, gen_random_uuid(), 'x', gen_random_uuid(), 'READ' FROM app_user LIMIT 1`,
        ),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await request.end(false);
    }
  });
});
