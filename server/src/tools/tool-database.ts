import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../core/logging/logger.js';
import { embeddedDataDir, startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.js';

/** Command-line options: `--name value`, `--name=value`, `--flag`, and the other words in order. */
export function parseArgs(argv: string[], usage: string): { options: Map<string, string | true>; words: string[] } {
  const options = new Map<string, string | true>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!name) throw new Error(`unexpected argument "${arg}"\n\n${usage}`);
    if (inline !== undefined) options.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) options.set(name, argv[++i]);
    else options.set(name, true);
  }
  return { options, words };
}

/** The value of `--name`, if given; a flag without one is a mistake. */
export function optionValue(options: Map<string, string | true>, name: string): string | undefined {
  const v = options.get(name);
  if (v === true) throw new Error(`--${name} needs a value`);
  return v;
}

export interface ToolDatabase {
  url: string;
  stop(): Promise<void>;
}

/** The database a tool works on: the URL given (--database-url or DATABASE_URL), else npm start's embedded one. */
export async function toolDatabase(given: string | undefined, dataDir: string): Promise<ToolDatabase> {
  return given ? { url: given, stop: async () => {} } : embeddedDatabase(dataDir);
}

/** Runs a tool and exits with its code; a failure is printed as `<name>: <message>` and exits `failureCode`. */
export function runTool(name: string, main: () => Promise<number>, failureCode = 2): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(failureCode);
    },
  );
}

/**
 * The embedded database of npm start, for the tools: when its PostgreSQL is running (the server is
 * up), connect to it on the port in postmaster.pid; otherwise start it for the tool and stop it
 * afterwards. The URL is the superuser's.
 */
export async function embeddedDatabase(dataDir: string): Promise<ToolDatabase> {
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
