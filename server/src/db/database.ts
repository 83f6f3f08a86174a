import { createHmac } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { Logger } from '../core/logging/logger.js';
import { DbLogger, SLOW_QUERY_MS } from './db-logger.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';

/** The role the application connects as. It owns no table, so row-level security applies to it. */
export const APP_ROLE = 'samenspel_app';

// PostgreSQL `date` stays the string YYYY-MM-DD (no shift through a local-time Date);
// bigint counts become numbers (they stay far below 2^53).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** A deterministic app-role password per admin URL, so several instances on one database agree. */
export function derivedAppPassword(adminUrl: string): string {
  return createHmac('sha256', adminUrl).update(APP_ROLE).digest('base64url');
}

export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined); // a dropped connection surfaces as a failed query instead
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` when missing (connecting to the `postgres` maintenance db). */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withClient(withDatabase(url, 'postgres'), async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  });
}

/**
 * Creates or updates the login role the application uses. It may not bypass row-level security
 * and gets only the privileges the migrations grant it.
 */
export async function ensureAppRole(adminUrl: string, password: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const quoted = client.escapeLiteral(password);
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    const verb = rowCount ? 'ALTER' : 'CREATE';
    try {
      await client.query(
        `${verb} ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${quoted}`,
      );
    } catch (error) {
      // Two instances starting together may both try to CREATE; the loser just updates.
      if ((error as { code?: string }).code !== '42710') throw error;
      await client.query(`ALTER ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD ${quoted}`);
    }
  });
}

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  /** How long a caller waits for a free pool connection (and for a new one to connect). */
  poolWaitMs?: number;
  logger?: Logger;
  applicationName?: string;
}

/** pg-pool's error when no connection became free within `poolWaitMs`. */
const POOL_WAIT_TIMEOUT = 'timeout exceeded when trying to connect';

/** True when the pool had no free connection within the wait: the server is busy, not broken. */
export function isPoolWaitTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === POOL_WAIT_TIMEOUT;
}

export function createDataSource({
  url,
  poolSize = 10,
  poolWaitMs = 5000,
  logger,
  applicationName = 'samenspel',
}: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    applicationName,
    // pg-pool's connectionTimeoutMillis: bounds the wait for a free connection, so an exhausted
    // pool answers "busy" instead of hanging
    connectTimeoutMS: poolWaitMs,
    poolSize,
    logger: new DbLogger(logger),
    maxQueryExecutionTime: SLOW_QUERY_MS,
    extra: { idleTimeoutMillis: 30_000 },
    // Without a listener a connection dropped by the server would crash the process.
    poolErrorHandler: (error: Error) => logger?.warn({ err: error }, 'database connection dropped'),
  });
}

/** Runs pending migrations as the owner, each in its own transaction. */
export async function runMigrations(adminUrl: string, logger?: Logger): Promise<string[]> {
  const dataSource = createDataSource({ url: adminUrl, poolSize: 1, logger, applicationName: 'samenspel-migrate' });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** True when every migration this code knows about has been applied. */
export async function migrationsApplied(dataSource: DataSource): Promise<boolean> {
  const rows: { name: string }[] = await dataSource.query('SELECT name FROM schema_migrations');
  const applied = new Set(rows.map((r) => r.name));
  return migrations.every((m) => applied.has(m.name));
}
