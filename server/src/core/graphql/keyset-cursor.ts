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

/**
 * The connection of a keyset page: `rows` as read with a limit of `first + 1` (one more tells that a
 * next page exists), each with its cursor moment under `key`, which the nodes leave out.
 */
export function keysetConnection<
  K extends string,
  T extends { id: string } & Record<K, string>,
  N extends number | null,
>(rows: T[], first: number, key: K, totalCount: N) {
  const edges = rows.slice(0, first).map((row) => {
    const { [key]: moment, ...node } = row;
    return { node: node as Omit<T, K>, cursor: encodeCursor({ moment, id: row.id }) };
  });
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

/** `encodeCursor` in SQL, over the moment's text and the id (base64url: no padding, no line breaks). */
export const cursorSql = (moment: string, id: string): string =>
  `translate(encode(convert_to(${moment} || '|' || ${id}, 'UTF8'), 'base64'), '+/=' || chr(10), '-_')`;

/** The cursor in `after`; BAD_USER_INPUT when it is not one this server made. */
export function decodeCursor(value: string): KeysetCursor {
  const [moment, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!moment || !id || !/^[\d :.+-]+$/.test(moment) || !/^[0-9a-f-]{36}$/.test(id))
    throw BadUserInputError.field('after', 'NOT_A_CURSOR');
  return { moment, id };
}
