import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBsnKey } from './core/bsn/vault.js';

export interface Config {
  /** HTTP port for the API and the portal. */
  port: number;
  host: string;
  /** External PostgreSQL; when unset an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl?: string;
  /** Password of the non-owner role the app connects as; derived from DATABASE_URL when unset. */
  appDatabasePassword?: string;
  dataDir: string;
  /** Database connections this instance keeps at most: one per request in flight. */
  databasePoolSize: number;
  /** How long a request waits for a free connection before it is answered 503 (busy). */
  databasePoolWaitMs: number;
  projectRoot: string;
  webHandlerPath: string;
  production: boolean;
  logLevel: string;
  /** Sessions expire after this many minutes without use. */
  sessionIdleMinutes: number;
  /** Sessions end this many hours after sign-in, however busy. */
  sessionMaxHours: number;
  /** Proxies (addresses, CIDR ranges) whose X-Forwarded-For and X-Forwarded-Proto are believed; loopback always is. */
  trustProxy: string[];
  /** Seed demo data (accounts, trajectories) into an empty database. */
  seedDemoData: boolean;
  /** Bearer token for /metrics; without it /metrics is not served in production. */
  metricsToken?: string;
  /** Mail through this SMTP server (smtp://user:pass@host:587); unset: .eml files under the data directory. */
  smtpUrl?: string;
  mailFrom: string;
  /** The portal's address as users reach it: the base of every link in a mail. */
  publicUrl: string;
  /** Days an invitation link works. */
  invitationDays: number;
  /** Administrators must set up a second factor (off by default only on a demo installation). */
  adminSecondFactor: boolean;
  /** At start, invite this address as the first region administrator when there is no account yet. */
  adminInviteEmail?: string;
  /** The key file that seals BSNs (BSN_KEY_FILE); by default `bsn.key` in the data directory. */
  bsnKeyFile: string;
  /** BSN_KEY_FILE was given: the file must exist (the default is created on first start). */
  bsnKeyGiven: boolean;
}

/** The folder holding this project's package.json, from src (tsx) or from dist (compiled). */
export function findProjectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'samenspel') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the samenspel project root');
    dir = parent;
  }
}

function intFrom(value: string | undefined, fallback: number, name: string, min = 0): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number of at least ${min}, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const projectRoot = findProjectRoot();
  const dataDir = resolve(projectRoot, env.DATA_DIR || '.data');
  return {
    port: intFrom(env.PORT, 4000, 'PORT'),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    appDatabasePassword: env.APP_DATABASE_PASSWORD || undefined,
    dataDir,
    databasePoolSize: intFrom(env.DATABASE_POOL_SIZE, 20, 'DATABASE_POOL_SIZE', 1),
    databasePoolWaitMs: intFrom(env.DATABASE_POOL_WAIT_MS, 5000, 'DATABASE_POOL_WAIT_MS', 1),
    projectRoot,
    webHandlerPath: join(projectRoot, 'web', 'build', 'handler.js'),
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL || 'info',
    sessionIdleMinutes: intFrom(env.SESSION_IDLE_MINUTES, 30, 'SESSION_IDLE_MINUTES'),
    sessionMaxHours: intFrom(env.SESSION_MAX_HOURS, 12, 'SESSION_MAX_HOURS'),
    trustProxy: (env.TRUST_PROXY ?? '').split(/[\s,]+/).filter(Boolean),
    seedDemoData: env.SEED_DEMO_DATA !== 'false',
    metricsToken: env.METRICS_TOKEN || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Samenspel <noreply@localhost>',
    publicUrl: (env.PUBLIC_URL || `http://localhost:${intFrom(env.PORT, 4000, 'PORT')}`).replace(/\/+$/, ''),
    invitationDays: intFrom(env.INVITATION_DAYS, 7, 'INVITATION_DAYS', 1),
    adminSecondFactor: env.REQUIRE_ADMIN_SECOND_FACTOR
      ? env.REQUIRE_ADMIN_SECOND_FACTOR !== 'false'
      : env.SEED_DEMO_DATA === 'false',
    adminInviteEmail: env.ADMIN_INVITE_EMAIL || undefined,
    bsnKeyFile: env.BSN_KEY_FILE ? resolve(projectRoot, env.BSN_KEY_FILE) : join(dataDir, 'bsn.key'),
    bsnKeyGiven: !!env.BSN_KEY_FILE,
  };
}

/**
 * The master key that seals BSNs. Given (BSN_KEY_FILE), it must exist; the default in the data
 * directory is created on first start. Instances sharing an external database must share the key,
 * so with DATABASE_URL the key file must be named.
 */
export function bsnKeyOf(config: Config): Buffer {
  if (config.databaseUrl && !config.bsnKeyGiven)
    throw new Error(
      'set BSN_KEY_FILE to the key file that seals BSNs: every instance on this database must use the same key',
    );
  return loadBsnKey(config.bsnKeyFile, { create: !config.bsnKeyGiven });
}
