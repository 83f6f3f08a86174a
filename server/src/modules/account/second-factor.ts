import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import type { BsnVault } from '../../core/bsn/vault.js';
import type { RequestDb } from '../../db/request-db.js';

/** TOTP (RFC 6238) as authenticator apps use it: SHA-1, 6 digits, 30 s; one step of clock drift either way. */
const TOLERANCE_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

export const newTotpSecret = (): string => generateSecret();

/** How a sealed secret is stored (a plain secret is base32, which has no colon). */
const SEALED = 'sealed:';

/** An authenticator secret as stored: sealed with the server's key, so a copy of the database cannot make codes. */
export const sealTotpSecret = (vault: BsnVault, secret: string): string =>
  SEALED + vault.seal(secret, 'totp-secret').toString('base64');

/** The secret of a stored one; a secret stored before secrets were sealed comes back as it is. */
export function openTotpSecret(vault: BsnVault, stored: string): { secret: string; sealed: boolean } {
  if (!stored.startsWith(SEALED)) return { secret: stored, sealed: false };
  const sealed = Buffer.from(stored.slice(SEALED.length), 'base64');
  return { secret: vault.open(sealed, 'totp-secret').toString('utf8'), sealed: true };
}

export const otpauthUrl = (secret: string, email: string): string =>
  generateURI({ issuer: 'Samenspel', label: email, secret });

/** The time step of a valid code newer than `lastStep` (a code works once), else null. */
export async function totpStep(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: TOLERANCE_SECONDS,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  }).catch(() => ({ valid: false }) as const);
  // the TOTP strategy's result carries the step (the functional API types the HOTP and TOTP results as one)
  return result.valid ? (result as { timeStep: number }).timeStep : null;
}

const hashCode = (code: string): Buffer =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest();

/** Ten fresh one-time recovery codes replace the user's old ones; only their hashes are kept. */
export async function replaceRecoveryCodes(db: RequestDb, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    (randomBytes(10).toString('hex').match(/.{5}/g) ?? []).join('-'),
  );
  await db.query(`DELETE FROM recovery_code WHERE user_id = $1`, [userId]);
  await db.query(`INSERT INTO recovery_code (user_id, code_hash) SELECT $1, unnest($2::bytea[])`, [
    userId,
    codes.map(hashCode),
  ]);
  return codes;
}

/** Uses up one recovery code of the user; false when it is not one of its unused codes. */
export async function useRecoveryCode(db: RequestDb, userId: string, code: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE recovery_code SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING 1`,
    [userId, hashCode(code)],
  );
  return rows.length > 0;
}
