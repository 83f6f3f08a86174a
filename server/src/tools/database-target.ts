import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../core/logging/logger.js';
import { embeddedDataDir, startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.js';

/** What the command-line tools share: their options, and the database they work on as the table owner. */

export function parseArgs(argv: string[], usage: string): Map<string, string | true> {
  const args = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n\n${usage}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) args.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args.set(name, argv[++i]);
    else args.set(name, true);
  }
  return args;
}

export const value = (args: Map<string, string | true>, name: string) => {
  const v = args.get(name);
  if (v === true) throw new Error(`--${name} needs a value`);
  return v;
};

export interface Target {
  url: string;
  stop(): Promise<void>;
}

/**
 * The embedded database of npm start: when its PostgreSQL is running (the server is up), connect to
 * it on the port in postmaster.pid; otherwise start it for the check and stop it afterwards.
 */
export async function embeddedTarget(dataDir: string): Promise<Target> {
  const placed = embeddedDataDir(dataDir);
  const clusterDir = join(placed, 'pg');
  if (!existsSync(join(clusterDir, 'PG_VERSION')))
    throw new Error(`there is no database in ${placed}: start Samenspel once (npm start), or give --database-url`);
  const password = readFileSync(join(placed, 'superuser-password'), 'utf8').trim();
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
    if (existsSync(`/proc/${Number(pid)}`)) {
      return {
        url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(port)}/samenspel`,
        stop: async () => {},
      };
    }
  }
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(
    dataDir,
    createLogger(process.env.LOG_LEVEL ?? 'warn'),
  );
  return { url: embedded.url, stop: () => embedded.stop() };
}
