import { dictionary } from '@zxcvbn-ts/language-common';
import { BadUserInputError } from '../../core/errors/errors.js';

/** NIST SP 800-63B: a memorised secret has at least this many characters; no composition rules. */
export const MIN_PASSWORD_LENGTH = 12;

/** Common and breached passwords (the zxcvbn-ts list), compared without case. */
const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/**
 * A new password is acceptable: long enough, not on the list of common and breached passwords,
 * and not built from the user's own e-mail address or the name of this service (800-63B 5.1.1.2).
 */
export function assertAcceptablePassword(field: string, password: string, email: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw BadUserInputError.field(field, 'PASSWORD_TOO_SHORT', { min: MIN_PASSWORD_LENGTH });
  const lower = password.toLowerCase();
  const local = email.toLowerCase().split('@')[0];
  const context = ['samenspel', ...(local.length >= 4 ? [local] : [])];
  if (COMMON.has(lower) || context.some((word) => lower.includes(word)))
    throw BadUserInputError.field(field, 'PASSWORD_TOO_COMMON');
}
