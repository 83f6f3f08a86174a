import { IsUUID, Matches, MaxLength, MinLength, type ValidationOptions } from 'class-validator';
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

/** Validity periods: an end date, when given, is not before the start date. */
export function assertPeriod(validFrom: string, validUntil: string | null | undefined, field = 'input.validUntil'): void {
  if (validUntil && validUntil < validFrom) throw BadUserInputError.field(field, 'is before the start date');
}
