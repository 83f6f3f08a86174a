import { RuleViolationError } from '../errors/errors.js';

export interface Version {
  id: string;
  validFrom: string;
  validUntil: string | null;
}

/**
 * Where a new version of a versioned contract parameter (a PIC tariff, a bonus-malus rule) starting
 * on `validFrom` goes. The past is never rewritten: while a version is in force, a new one starts
 * tomorrow at the earliest (IMMUTABLE otherwise). Versions that have not started yet and start on or
 * after it are superseded (nothing can refer to them yet, so they go); the version before it ends the
 * day before.
 */
export function placeNewVersion<V extends Version>(
  versions: V[],
  validFrom: string,
  today: string,
  what: string,
): { superseded: V[]; previous?: V } {
  const inForce = versions
    .filter((v) => v.validFrom <= today && (v.validUntil === null || v.validUntil >= today))
    .at(-1);
  if (inForce && validFrom <= today) {
    throw new RuleViolationError(
      'IMMUTABLE',
      `A new ${what} starts after today (the current one is in force since ${inForce.validFrom}); the past is never rewritten.`,
    );
  }
  const superseded = versions.filter((v) => v.validFrom > today && v.validFrom >= validFrom);
  const previous = versions.filter((v) => !superseded.includes(v)).at(-1);
  return {
    superseded,
    previous: previous && (previous.validUntil === null || previous.validUntil >= validFrom) ? previous : undefined,
  };
}
