import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findProjectRoot } from '../../../server/src/config.js';
import { createTestDatabase, type TestDatabase } from '../../setup/test-database.js';
import { TEST_BSN_KEY } from '../../setup/test-key.js';
import { fixture, schemaErrors } from '../helpers/ijw.js';

/**
 * `npm run ijw`, for providers whose own message gateway exchanges the files: the same export and
 * import as the portal, against a real database, acting as the provider's administrator.
 */
let db: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'samenspel-ijw-cli-'));
const out = join(dir, 'out');
const keyFile = join(dir, 'bsn.key');

beforeAll(async () => {
  db = await createTestDatabase();
  writeFileSync(keyFile, TEST_BSN_KEY.toString('base64'), { mode: 0o600 });
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function ijw(...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/src/tools/ijw.ts', ...args, '--database-url', db.adminUrl],
    {
      cwd: findProjectRoot(),
      env: { ...process.env, BSN_KEY_FILE: keyFile, APP_DATABASE_PASSWORD: inject('appPassword') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((done) => child.on('exit', (code) => done({ code, output })));
}

const xmlFiles = () => readdirSync(out).filter((f) => f.endsWith('.xml'));

describe('npm run ijw', () => {
  it('export writes the next batch of JW305 for Den Haag, one valid file per message, readable by its owner only', async () => {
    const { code, output } = await ijw('export', '--type', 'JW305', '--municipality', '0518', '--out', out);
    expect(code, output).toBe(0);
    const files = xmlFiles();
    expect(files.length).toBeGreaterThan(0);
    expect(output).toContain(`${files.length} files written`);
    for (const file of files) {
      expect(file).toMatch(/^JW305_\d{8}_0518_\d+\.xml$/);
      expect(schemaErrors('JW305', readFileSync(join(out, file), 'utf8')), file).toBe(0);
      expect(statSync(join(out, file)).mode & 0o777).toBe(0o600);
    }
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    const again = await ijw('export', '--type', 'JW305', '--municipality', '0518', '--out', out);
    expect(again.output).toContain('0 files written');
    expect(xmlFiles()).toEqual(files);
  });

  it('import reads a JW301 and writes its JW302 next to the file; the same file again changes nothing', async () => {
    const inbox = join(dir, 'inbox');
    const file = join(dir, 'jw301.xml');
    writeFileSync(file, fixture('jw301-valid.xml'));
    const first = await ijw('import', file, '--out', inbox);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain('JW301 GDH26110001 from 0518: accepted (0200)');
    const [retour] = readdirSync(inbox);
    expect(retour).toMatch(/^JW302_98000101_0518_\d+\.xml$/);
    expect(schemaErrors('JW302', readFileSync(join(inbox, retour), 'utf8'))).toBe(0);
    expect(readFileSync(join(inbox, retour), 'utf8')).toContain('<Bsn>999800012</Bsn>');
    const { rows } = await pg(`SELECT count(*)::int AS n FROM trajectory`);
    const second = await ijw('import', file, '--out', inbox);
    expect(second.code, second.output).toBe(0);
    expect((await pg(`SELECT count(*)::int AS n FROM trajectory`)).rows).toEqual(rows);
  });

  it('a file that is no iJw message is refused (exit 1) and stores nothing', async () => {
    const file = join(dir, 'note.xml');
    writeFileSync(file, '<note>hallo</note>');
    const before = (await pg(`SELECT count(*)::int AS n FROM ijw_message`)).rows;
    const { code, output } = await ijw('import', file, '--as', 'admin@jeugdformaat.example');
    expect(code).toBe(1);
    expect(output).toContain('is not an iJw message');
    expect((await pg(`SELECT count(*)::int AS n FROM ijw_message`)).rows).toEqual(before);
  });
});

async function pg(sql: string) {
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
