import { installJobQueue } from '../core/jobs/job-queue.js';
import type { Logger } from '../core/logging/logger.js';
import { databaseIsEmpty, seedDatabase } from '../../../seeds/index.js';
import {
  APP_ROLE,
  derivedAppPassword,
  ensureAppRole,
  ensureDatabase,
  runMigrations,
  withCredentials,
} from './database.js';

export interface PrepareOptions {
  appPassword?: string;
  /** Seed when the database is empty. */
  seed?: boolean;
  demo?: boolean;
  /** Seals the invented BSNs of the demo youths (without it they get none). */
  bsnKey?: Buffer;
  logger?: Logger;
}

/**
 * Brings a database up to date: creates it and the application role when missing, applies pending
 * migrations and installs the job queue as the owner, and seeds an empty database. Returns the application role's URL.
 */
export async function prepareDatabase(adminUrl: string, options: PrepareOptions = {}): Promise<string> {
  const { logger, seed = true, demo = true } = options;
  const appPassword = options.appPassword ?? derivedAppPassword(adminUrl);
  await ensureDatabase(adminUrl);
  await ensureAppRole(adminUrl, appPassword);
  const applied = await runMigrations(adminUrl, logger);
  if (applied.length) logger?.info({ applied }, 'migrations applied');
  await installJobQueue(adminUrl, APP_ROLE);
  if (seed && (await databaseIsEmpty(adminUrl))) {
    await seedDatabase(adminUrl, { demo, bsnKey: options.bsnKey });
    logger?.info({ demo }, 'database seeded');
  }
  return withCredentials(adminUrl, APP_ROLE, appPassword);
}
