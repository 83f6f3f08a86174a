import { BadUserInputError } from '../errors/errors.js';

/**
 * A list's keyset cursor: the sort moment (timestamptz as PostgreSQL prints it) and the id of the
 * last row on a page, opaque to clients. The next page starts after `(moment, id)`.
 */
export interface KeysetCursor {
  moment: string;
  id: string;
}

export const encodeCursor = ({ moment, id }: KeysetCursor): string =>
  Buffer.from(`${moment}|${id}`).toString('base64url');

/** The cursor in `after`; BAD_USER_INPUT when it is not one this server made. */
export function decodeCursor(value: string): KeysetCursor {
  const [moment, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!moment || !id || !/^[\d :.+-]+$/.test(moment) || !/^[0-9a-f-]{36}$/.test(id))
    throw BadUserInputError.field('after', 'NOT_A_CURSOR');
  return { moment, id };
}
