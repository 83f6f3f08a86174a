import {
  ArrayMaxSize,
  ArrayUnique,
  IsInt,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { passesElevenTest } from '../bsn/bsn.js';
import { BadUserInputError } from '../errors/errors.js';
import { fieldMessage, type FieldParams, type FieldReason } from '../errors/field-reasons.js';

/** Options for a class-validator decorator that refuses with `reason` (message and code). */
export const because = (
  reason: FieldReason,
  params?: FieldParams,
  options: ValidationOptions = {},
): ValidationOptions => ({
  ...options,
  message: fieldMessage(reason, params),
  context: { reason, params },
});

/** An id argument: a UUID. */
export const IsId = (options: ValidationOptions = {}) => IsUUID('all', because('INVALID_ID', undefined, options));

const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Text without control characters (tab and newlines allowed). */
const HasNoControlCharacters = (options: ValidationOptions) =>
  ValidateBy(
    {
      name: 'hasNoControlCharacters',
      validator: { validate: (value: unknown) => typeof value === 'string' && !CONTROL_CHARACTER.test(value) },
    },
    because('CONTROL_CHARACTERS', undefined, options),
  );

/** Half of a surrogate pair: not a character, and refused by PostgreSQL's JSON (plan revisions keep texts as JSON). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text that is well-formed Unicode. */
const IsWellFormed = (options: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isWellFormed',
      validator: { validate: (value: unknown) => typeof value === 'string' && !LONE_SURROGATE.test(value) },
    },
    because('BROKEN_CHARACTERS', undefined, options),
  );

/** Text with something in it besides spaces. */
const IsNotBlank = (options: ValidationOptions) =>
  ValidateBy(
    { name: 'isNotBlank', validator: { validate: (value: unknown) => typeof value === 'string' && /\S/.test(value) } },
    because('REQUIRED', undefined, options),
  );

/** Optional free text (may be empty): at most `max` characters, no control characters. */
export function IsFreeText(max: number, options: ValidationOptions = {}): PropertyDecorator {
  return (target, key) => {
    MaxLength(max, because('TOO_LONG', { max }, options))(target, key);
    HasNoControlCharacters(options)(target, key);
    IsWellFormed(options)(target, key);
  };
}

/** Required text: not blank, at most `max` characters, no control characters (tab and newlines allowed), no broken characters. */
export function IsText(max = 200, options: ValidationOptions = {}): PropertyDecorator {
  return (target, key) => {
    IsNotBlank(options)(target, key);
    MaxLength(max, because('TOO_LONG', { max }, options))(target, key);
    HasNoControlCharacters(options)(target, key);
    IsWellFormed(options)(target, key);
  };
}

/** A citizen service number: 9 digits passing the 11-test (the refusal never repeats the value). */
export const IsBsn = (options: ValidationOptions = {}) =>
  ValidateBy(
    {
      name: 'isBsn',
      validator: { validate: (value: unknown) => typeof value === 'string' && passesElevenTest(value) },
    },
    because('NOT_A_BSN', undefined, options),
  );

/** A list of at most `max` elements. */
export const MaxEntries = (max: number, options: ValidationOptions = {}) =>
  ArrayMaxSize(max, because('TOO_MANY_ENTRIES', { max }, options));

/** A number from `min` to `max`, both included. */
export function InRange(min: number, max: number): PropertyDecorator {
  return (target, key) => {
    Min(min, because('BETWEEN', { min, max }))(target, key);
    Max(max, because('BETWEEN', { min, max }))(target, key);
  };
}

/** The largest page a list returns. */
export const MAX_PAGE_SIZE = 100;

/** A page size (`first`): 1 to MAX_PAGE_SIZE. */
export function IsPageSize(): PropertyDecorator {
  return (target, key) => {
    IsInt()(target, key);
    Min(1, because('AT_LEAST', { min: 1 }))(target, key);
    Max(MAX_PAGE_SIZE, because('AT_MOST', { max: MAX_PAGE_SIZE }))(target, key);
  };
}

/**
 * A list in which no two elements have the same key, e.g. two results for one goal: the database
 * would refuse (or, with ON CONFLICT DO UPDATE, fail on) the second. Ids are compared as the
 * database compares uuids, ignoring case; elements without a key are not compared.
 */
export function ArrayUniqueBy<T>(
  key: (element: T) => unknown,
  what: string,
  options: ValidationOptions = {},
): PropertyDecorator {
  const identifier = (element: T) => {
    const value = key(element);
    if (value === null || value === undefined) return Symbol('no key');
    return typeof value === 'string' ? value.toLowerCase() : value;
  };
  return ArrayUnique(identifier, because('DUPLICATE_ENTRY', { what }, options));
}

/**
 * A number the database keeps exactly in `numeric(p, decimals)`: 0.125, not 0.1 + 0.2 nor 1e-7
 * (which it would round, so that two different values become the same).
 */
export function HasDecimals(decimals: number, options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasDecimals',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(decimals)) === value,
      },
    },
    because('TOO_MANY_DECIMALS', { decimals }, options),
  );
}

/** Validity periods: an end date, when given, is not before the start date. */
export function assertPeriod(
  validFrom: string,
  validUntil: string | null | undefined,
  field = 'input.validUntil',
): void {
  if (validUntil && validUntil < validFrom) throw BadUserInputError.field(field, 'BEFORE_START_DATE');
}
