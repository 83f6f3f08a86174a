import { ArrayUnique, IsUUID, Matches, MaxLength, MinLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { BadUserInputError } from '../errors/errors.js';

/** An id argument: a UUID. */
export const IsId = (options: ValidationOptions = {}) => IsUUID('all', { message: 'is not a valid id', ...options });

const NO_CONTROL_CHARACTERS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

/** Optional free text (may be empty): at most `max` characters, no control characters. */
export function IsFreeText(max: number, options: ValidationOptions = {}): PropertyDecorator {
  return (target, key) => {
    MaxLength(max, { ...options, message: `is longer than ${max} characters` })(target, key);
    Matches(NO_CONTROL_CHARACTERS, { ...options, message: 'contains control characters' })(target, key);
  };
}

/** Required text: not blank, at most `max` characters, no control characters (tab and newlines allowed). */
export function IsText(max = 200, options: ValidationOptions = {}): PropertyDecorator {
  return (target, key) => {
    MinLength(1, { ...options, message: 'is required' })(target, key);
    Matches(/\S/, { ...options, message: 'is required' })(target, key);
    MaxLength(max, { ...options, message: `is longer than ${max} characters` })(target, key);
    Matches(NO_CONTROL_CHARACTERS, { ...options, message: 'contains control characters' })(target, key);
  };
}

/**
 * A list in which no two elements have the same key, e.g. two results for one goal: the database
 * would refuse (or, with ON CONFLICT DO UPDATE, fail on) the second. Ids are compared as the
 * database compares uuids, ignoring case; elements without a key are not compared.
 */
export function ArrayUniqueBy<T>(key: (element: T) => unknown, message: string, options: ValidationOptions = {}): PropertyDecorator {
  const identifier = (element: T) => {
    const value = key(element);
    if (value === null || value === undefined) return Symbol('no key');
    return typeof value === 'string' ? value.toLowerCase() : value;
  };
  return ArrayUnique(identifier, { ...options, message });
}

/**
 * A number the database keeps exactly in `numeric(p, decimals)`: 0.125, not 0.1 + 0.2 nor 1e-7
 * (which it would round, so that two different values become the same).
 */
export function HasDecimals(decimals: number, options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasDecimals',
      validator: { validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(decimals)) === value },
    },
    { message: `has more than ${decimals} decimals`, ...options },
  );
}

/** Validity periods: an end date, when given, is not before the start date. */
export function assertPeriod(validFrom: string, validUntil: string | null | undefined, field = 'input.validUntil'): void {
  if (validUntil && validUntil < validFrom) throw BadUserInputError.field(field, 'is before the start date');
}
