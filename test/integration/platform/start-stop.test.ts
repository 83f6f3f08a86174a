import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killMainProcesses, startMainProcess } from '../helpers/main-process.js';
import { DEMO_PASSWORD, postGraphQL } from '../helpers/test-app.js';

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

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

async function municipalityIds(url: string): Promise<string[]> {
  const login = await postGraphQL<{ login: { token: string } }>(
    url,
    `mutation { login(input: { email: "admin@h10.example", password: "${DEMO_PASSWORD}" }) { token } }`,
  );
  const result = await postGraphQL<{ municipalities: { id: string }[] }>(
    url,
    '{ municipalities { id cbsCode } }',
    {},
    { token: login.data!.login.token },
  );
  return result.data!.municipalities.map((m) => m.id);
}

afterAll(async () => {
  killMainProcesses();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start on an embedded database', () => {
  it('serves the seeded data, keeps it across a restart, and leaves no postgres process behind', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'samenspel-start-'));
    const first = await startMainProcess(dataDir, { logLevel: 'warn' });
    expect(first.output()).toMatch(/on Node\.js v24\./);
    const ids = await municipalityIds(first.url);
    expect(ids).toHaveLength(10);
    expect(await postgresProcessesFor(dataDir)).not.toEqual([]);
    expect(await stop(first.child)).toBe(0);
    expect(await postgresProcessesFor(dataDir)).toEqual([]);

    const second = await startMainProcess(dataDir, { logLevel: 'warn' });
    expect(await municipalityIds(second.url)).toEqual(ids);
    expect(await stop(second.child)).toBe(0);
    expect(await postgresProcessesFor(dataDir)).toEqual([]);
  }, 120_000);
});
