import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What a sealed value is for: a value sealed for one purpose does not open as another. */
export type SealPurpose = 'youth-identity' | 'ijw-message' | 'totp-secret';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key that protects BSNs: everything that carries one (a youth's identity for messages, the
 * messages themselves) is sealed with AES-256-GCM, and a BSN is found again through a keyed hash
 * (HMAC-SHA-256), so the database alone reveals none. Both keys are derived (HKDF) from one master
 * key from configuration.
 */
export class BsnVault {
  private readonly sealKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the BSN key must be 32 bytes');
    this.sealKey = Buffer.from(hkdfSync('sha256', masterKey, 'samenspel', 'bsn-seal', 32));
    this.hashKey = Buffer.from(hkdfSync('sha256', masterKey, 'samenspel', 'bsn-hash', 32));
  }

  /** AES-256-GCM: version, IV, tag, ciphertext; the purpose is authenticated with it. */
  seal(plain: string | Buffer, purpose: SealPurpose): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  /** The sealed bytes; throws when they were sealed with another key or purpose, or changed. */
  open(sealed: Buffer, purpose: SealPurpose): Buffer {
    if (sealed[0] !== VERSION) throw new Error('unknown sealed format');
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, iv);
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  /** The keyed hash a BSN (or a received file) is found by. */
  hash(value: string | Buffer): Buffer {
    return createHmac('sha256', this.hashKey).update(value).digest();
  }
}

/** A vault for a server started without a key: every use says so. */
export const NO_VAULT = new Proxy({} as BsnVault, {
  get() {
    throw new Error('no BSN key is configured (BSN_KEY_FILE)');
  },
});

/**
 * Reads the master key (32 random bytes, base64) from `path`, creating it when `create` is set and
 * the file is missing: readable by its owner only (0600), in a folder only the owner may enter. A
 * key file others may read is refused, like ssh refuses such a private key.
 */
export function loadBsnKey(path: string, { create = false } = {}): Buffer {
  if (!existsSync(path)) {
    if (!create) throw new Error(`the BSN key file ${path} does not exist`);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600); // whatever the umask
  }
  if (statSync(path).mode & 0o077)
    throw new Error(`the BSN key file ${path} may be read by others: make it readable by its owner only (chmod 600)`);
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`the BSN key file ${path} must hold 32 bytes in base64`);
  return key;
}
