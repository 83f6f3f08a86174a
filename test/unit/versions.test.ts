import { describe, expect, it } from 'vitest';
import { placeNewVersion } from '../../server/src/core/versioning/versions.js';

const TODAY = '2026-11-25';
const v = (id: string, validFrom: string, validUntil: string | null = null) => ({ id, validFrom, validUntil });

describe('versioned contract parameters: the past is never rewritten', () => {
  it('ends the version in force the day before a new one', () => {
    const current = v('a', '2024-01-01');
    expect(placeNewVersion([v('old', '2020-01-01', '2023-12-31'), current], '2027-01-01', TODAY, 'tariff')).toEqual({
      superseded: [],
      previous: current,
    });
  });

  it('refuses a version from today or earlier while one is in force', () => {
    expect(() => placeNewVersion([v('a', '2024-01-01')], '2023-06-01', TODAY, 'tariff')).toThrow(
      expect.objectContaining({ code: 'RULE_VIOLATION', rule: 'IMMUTABLE' }),
    );
    expect(() => placeNewVersion([v('a', '2024-01-01')], '2025-06-01', TODAY, 'tariff')).toThrow(/never rewritten/);
    expect(() => placeNewVersion([v('a', '2024-01-01')], TODAY, TODAY, 'tariff')).toThrow(/never rewritten/);
    expect(placeNewVersion([v('a', '2024-01-01')], '2026-11-26', TODAY, 'tariff').previous?.id).toBe('a');
  });

  it('lets the first version (nothing in force) start in the past', () => {
    expect(placeNewVersion([], '2020-01-01', TODAY, 'tariff')).toEqual({ superseded: [], previous: undefined });
  });

  it('replaces versions that have not started yet, also when set far ahead by mistake', () => {
    const current = v('a', '2024-01-01', '2029-12-31');
    const typo = v('b', '2030-01-01');
    expect(placeNewVersion([current, typo], '2027-01-01', TODAY, 'tariff')).toEqual({
      superseded: [typo],
      previous: current,
    });
    // of two future versions only the one starting on or after the new one goes; the other now ends before it
    const inForce = v('a', '2024-01-01', '2026-12-31');
    const next = v('c', '2027-01-01', '2027-12-31');
    const later = v('d', '2028-01-01');
    expect(placeNewVersion([inForce, next, later], '2027-06-01', TODAY, 'tariff')).toEqual({
      superseded: [later],
      previous: next,
    });
  });
});
