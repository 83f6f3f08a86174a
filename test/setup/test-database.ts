import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { APP_ROLE, withCredentials, withDatabase } from '../../server/src/db/database.js';

export interface TestDatabase {
  name: string;
  /** Superuser (table owner) URL: for setting up and inspecting data behind the app's back. */
  adminUrl: string;
  /** The application role's URL: what the server connects as. */
  appUrl: string;
  drop(): Promise<void>;
}

async function onMaintenanceDb(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file: by default cloned from the run's migrated and seeded
 * template; with `{ empty: true }` a database with nothing in it (to test migrations and seeds).
 */
export async function createTestDatabase({ empty = false } = {}): Promise<TestDatabase> {
  const root = inject('adminUrl');
  const name = `${inject('templateDatabase')}_${randomBytes(6).toString('hex')}`;
  await onMaintenanceDb(root, `CREATE DATABASE ${name}${empty ? '' : ` TEMPLATE ${inject('templateDatabase')}`}`);
  const adminUrl = withDatabase(root, name);
  return {
    name,
    adminUrl,
    appUrl: withCredentials(adminUrl, APP_ROLE, inject('appPassword')),
    drop: () => onMaintenanceDb(root, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
