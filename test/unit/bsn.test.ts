import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inventedBsns, passesElevenTest } from '../../server/src/core/bsn/bsn.js';
import { BsnVault, loadBsnKey } from '../../server/src/core/bsn/vault.js';
import { maskBsn } from '../../server/src/modules/ijw/ijw-message.service.js';

const dir = mkdtempSync(join(tmpdir(), 'samenspel-bsn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the BSN', () => {
  it('passes the 11-test only with nine digits whose weighted sum is a multiple of 11', () => {
    expect(passesElevenTest('999990019')).toBe(true);
    expect(passesElevenTest('123456782')).toBe(true);
    expect(passesElevenTest('123456781')).toBe(false);
    expect(passesElevenTest('000000000')).toBe(false);
    expect(passesElevenTest('12345678')).toBe(false);
    expect(passesElevenTest('12345678x')).toBe(false);
  });

  it('invented numbers all pass the 11-test, and never repeat', () => {
    const numbers = [...inventedBsns('9999')].slice(0, 2000);
    expect(numbers.every(passesElevenTest)).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.every((n) => n.startsWith('9999'))).toBe(true);
  });
});

describe('the vault', () => {
  const vault = new BsnVault(Buffer.alloc(32, 1));

  it('seals so that only the same key and purpose open it, and tampering is noticed', () => {
    const sealed = vault.seal('999990019', 'youth-identity');
    expect(sealed.toString('latin1')).not.toContain('999990019');
    expect(vault.open(sealed, 'youth-identity').toString()).toBe('999990019');
    expect(() => vault.open(sealed, 'ijw-message')).toThrow();
    expect(() => new BsnVault(Buffer.alloc(32, 2)).open(sealed, 'youth-identity')).toThrow();
    sealed[sealed.length - 1] ^= 1;
    expect(() => vault.open(sealed, 'youth-identity')).toThrow();
  });

  it('hashes with its key: the same BSN is found again, another key finds nothing', () => {
    expect(vault.hash('999990019').equals(vault.hash('999990019'))).toBe(true);
    expect(vault.hash('999990019').equals(new BsnVault(Buffer.alloc(32, 2)).hash('999990019'))).toBe(false);
  });

  it('creates its key file readable by its owner only, and reads it again', () => {
    const file = join(dir, 'data', 'bsn.key');
    const key = loadBsnKey(file, { create: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data')).mode & 0o077).toBe(0);
    expect(loadBsnKey(file).equals(key)).toBe(true);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
  });

  it('refuses a key file others may read, a missing named file, and one that holds no 32-byte key', () => {
    const open = join(dir, 'open.key');
    writeFileSync(open, Buffer.alloc(32, 3).toString('base64'));
    chmodSync(open, 0o644);
    expect(() => loadBsnKey(open)).toThrow(/chmod 600/);
    expect(() => loadBsnKey(join(dir, 'missing.key'))).toThrow(/does not exist/);
    const short = join(dir, 'short.key');
    writeFileSync(short, 'c2hvcnQ=', { mode: 0o600 });
    expect(() => loadBsnKey(short)).toThrow(/32 bytes/);
  });
});

describe('masking a message', () => {
  it('replaces every BSN element and every other occurrence of those digits, and nothing else', () => {
    const xml = `<Bericht><Client><Bsn>999990019</Bsn><Commentaar>zie 999990019</Commentaar><Nummer>123456782</Nummer></Client>
      <Clienten><Client><ns:Bsn>123456782</ns:Bsn></Client></Clienten></Bericht>`;
    expect(maskBsn(xml)).toBe(xml.replaceAll('999990019', '000000000').replaceAll('123456782', '000000000'));
    expect(maskBsn('<Bericht><Nummer>999990019</Nummer></Bericht>')).toBe(
      '<Bericht><Nummer>999990019</Nummer></Bericht>',
    );
  });
});
