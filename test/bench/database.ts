import { resolve } from 'node:path';
import { createLogger, type Logger } from '../../server/src/core/logging/logger.js';
import { findProjectRoot } from '../../server/src/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/src/db/embedded.js';
import { prepareDatabase } from '../../server/src/db/prepare.js';

/** Where the generator and the bench keep their embedded PostgreSQL unless a URL is given. */
export const DEFAULT_BENCH_DATA_DIR = '.data/bench';

export interface BenchDatabase {
  /** Table owner (superuser for the embedded one): loads data, reads behind row-level security. */
  adminUrl: string;
  /** The application role: what the server (and the hand-written baseline) connect as. */
  appUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  logger?: Logger;
}

/**
 * The benchmark database: the PostgreSQL in `databaseUrl`, or an embedded one in its own data folder
 * (default `.data/bench`, apart from the `.data` of `npm start`). Migrated, and seeded with the
 * reference and demo data when empty, exactly as the server does at start.
 */
export async function openBenchDatabase(options: OpenOptions = {}): Promise<BenchDatabase> {
  const logger = options.logger ?? createLogger(process.env.LOG_LEVEL ?? 'warn');
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = options.databaseUrl;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres(
      resolve(findProjectRoot(), options.dataDir ?? DEFAULT_BENCH_DATA_DIR),
      logger,
    );
    adminUrl = embedded.url;
  }
  try {
    const appUrl = await prepareDatabase(adminUrl, { demo: true, logger });
    return { adminUrl, appUrl, embedded: !!embedded, stop: async () => embedded?.stop() };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** `--name value` and `--flag` arguments. */
export function parseArgs(argv: string[]): Map<string, string | true> {
  const args = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) args.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args.set(name, argv[++i]);
    else args.set(name, true);
  }
  return args;
}

export function stringArg(args: Map<string, string | true>, name: string): string | undefined {
  const value = args.get(name);
  if (value === true) throw new Error(`--${name} needs a value`);
  return value;
}

export function intArg(args: Map<string, string | true>, name: string, fallback: number): number {
  const value = stringArg(args, name);
  if (value === undefined) return fallback;
  // "100k" and "1M" as the usage texts write them
  const n = Number(value.replace(/_/g, '').replace(/[km]$/i, (c) => (c.toLowerCase() === 'k' ? '000' : '000000')));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return n;
}
