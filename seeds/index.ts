import pg from 'pg';
import { seedAccounts } from './accounts.js';
import { seedCare } from './care.js';
import { seedIjwDemo, seedIjwReference } from './ijw.js';
import { seedIntake } from './intake.js';
import { seedResults, seedResultsReference } from './results.js';
import { seedOrganisations } from './organisations.js';
import { seedReference } from './reference.js';

export interface SeedOptions {
  /** Also seed demo organisations, accounts and trajectories (not for a production database). */
  demo: boolean;
  /** The key that seals the demo youths' invented BSNs; without it they get none. */
  bsnKey?: Buffer;
}

/** Seeds reference data, and demo data when asked, in one transaction. Safe to run twice. */
export async function seedDatabase(adminUrl: string, options: SeedOptions): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN');
    await seedReference(client);
    await seedResultsReference(client);
    await seedIjwReference(client);
    if (options.demo) {
      await seedOrganisations(client);
      await seedAccounts(client);
      await seedCare(client);
      await seedIntake(client);
      await seedResults(client);
      if (options.bsnKey) await seedIjwDemo(client, options.bsnKey);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** True when no reference data exists yet (a fresh database). */
export async function databaseIsEmpty(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query('SELECT NOT EXISTS (SELECT 1 FROM municipality) AS empty');
    return rows[0].empty as boolean;
  } finally {
    await client.end();
  }
}
