import { BadUserInputError } from '../errors/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Ids are UUIDs; anything else is the caller's mistake, reported on the field it came from. */
export function assertId(value: string, field: string): string {
  if (!isUuid(value)) throw BadUserInputError.field(field, 'INVALID_ID');
  return value.toLowerCase();
}
