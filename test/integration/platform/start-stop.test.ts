import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../../server/src/config.js';
import { DEMO_PASSWORD, postGraphQL } from '../helpers/test-app.js';

const root = findProjectRoot();
const children: ChildProcess[] = [];
let dataDir: string;

/** PIDs of PostgreSQL processes working on `dir`. */
async function postgresProcessesFor(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('postgres') && cmdline.includes(dir)) pids.push(Number(entry));
  }
  return pids;
}

/** Starts `server/src/main.ts` like `npm start` does, on an embedded database in `dataDir`. */
async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Samenspel is running at (http:\/\/\S+?)\/? /.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, url };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

async function municipalityIds(url: string): Promise<string[]> {
  const login = await postGraphQL<{ login: { token: string } }>(url, `mutation { login(input: { email: "admin@h10.example", password: "${DEMO_PASSWORD}" }) { token } }`);
  const result = await postGraphQL<{ municipalities: { id: string }[] }>(url, '{ municipalities { id cbsCode } }', {}, { token: login.data!.login.token });
  return result.data!.municipalities.map((m) => m.id);
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start on an embedded database', () => {
  it('serves the seeded data, keeps it across a restart, and leaves no postgres process behind', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'samenspel-start-'));
    const first = await startServer();
    const ids = await municipalityIds(first.url);
    expect(ids).toHaveLength(10);
    expect(await postgresProcessesFor(dataDir)).not.toEqual([]);
    expect(await stop(first.child)).toBe(0);
    expect(await postgresProcessesFor(dataDir)).toEqual([]);

    const second = await startServer();
    expect(await municipalityIds(second.url)).toEqual(ids);
    expect(await stop(second.child)).toBe(0);
    expect(await postgresProcessesFor(dataDir)).toEqual([]);
  }, 120_000);
});
