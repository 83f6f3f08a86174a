import { BadUserInputError } from './errors.js';
import type { FieldParams, FieldReason } from './field-reasons.js';

interface PgError {
  code?: string;
  constraint?: string;
}

function pgErrorOf(error: unknown): PgError {
  const e = error as { driverError?: PgError } & PgError;
  return e?.driverError ?? e ?? {};
}

const UNIQUE_VIOLATION = '23505';
const EXCLUSION_VIOLATION = '23P01';
const CHECK_VIOLATION = '23514';
const FOREIGN_KEY_VIOLATION = '23503';

/** The SQLSTATE of a database error (as pg raises it, or wrapped by TypeORM), if it is one. */
export function sqlStateOf(error: unknown): string | undefined {
  return pgErrorOf(error).code;
}

/** The name of the constraint a database error is about, if any. */
export function constraintOf(error: unknown): string | undefined {
  return pgErrorOf(error).constraint;
}

/** A database constraint that guards user input, and what to tell the user when it refuses. */
export type ConstraintMessages = Record<string, { field: string; reason: FieldReason; params?: FieldParams }>;

/**
 * Turns a refused constraint into BAD_USER_INPUT naming the field; any other error passes on
 * unchanged (and is masked as an internal error).
 */
export function translateConstraintError(error: unknown, messages: ConstraintMessages): unknown {
  const pg = pgErrorOf(error);
  if (![UNIQUE_VIOLATION, EXCLUSION_VIOLATION, CHECK_VIOLATION, FOREIGN_KEY_VIOLATION].includes(pg.code ?? ''))
    return error;
  const known = pg.constraint ? messages[pg.constraint] : undefined;
  return known ? BadUserInputError.field(known.field, known.reason, known.params) : error;
}

/** Runs a write; a refused constraint listed in `messages` becomes BAD_USER_INPUT. */
export async function withConstraintMessages<T>(messages: ConstraintMessages, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw translateConstraintError(error, messages);
  }
}
