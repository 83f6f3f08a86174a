import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { withDatabase } from '../../server/src/db/database.js';
import { startEmbeddedPostgres } from '../../server/src/db/embedded.js';
import { prepareDatabase } from '../../server/src/db/prepare.js';
import { startSuiteLogs, suiteLogger } from './suite-log.js';
import { TEST_BSN_KEY } from './test-key.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL (any database name; helpers pick their own). */
    adminUrl: string;
    /** The app role's password (same for every test database of this run). */
    appPassword: string;
    /** The migrated, seeded database every test file clones. */
    templateDatabase: string;
  }
}

const APP_PASSWORD = 'samenspel-test-app';
const TEMPLATE_DATABASE = `samenspel_test_template_${process.pid}`;

/** On a shared server, removes what this run created: the template and the per-file clones named after it. */
async function dropTestDatabases(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname DESC`, [
      `${TEMPLATE_DATABASE}%`,
    ]);
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

/**
 * Starts one PostgreSQL for the whole run (embedded, in a temporary folder, unless DATABASE_URL is
 * set), migrates and seeds a template database, and stops it again at the end, also after failures.
 */
export default async function setup(project: TestProject) {
  console.log(`Samenspel tests on Node.js ${process.version}`);
  startSuiteLogs();
  const logger = suiteLogger('global-setup');
  let stop = async () => {};
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'samenspel-test-'));
    const embedded = await startEmbeddedPostgres(dir, logger);
    adminUrl = embedded.url;
    stop = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  try {
    await prepareDatabase(withDatabase(adminUrl, TEMPLATE_DATABASE), {
      appPassword: APP_PASSWORD,
      bsnKey: TEST_BSN_KEY,
      logger,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide('adminUrl', adminUrl);
  project.provide('appPassword', APP_PASSWORD);
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  return async () => {
    if (process.env.DATABASE_URL) await dropTestDatabases(adminUrl);
    await stop();
  };
}
