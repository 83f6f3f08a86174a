import { describe, expect, it } from 'vitest';
import { dayOf } from '../../server/src/core/dates.js';
import { youthDecidesFrom16 } from '../../server/src/modules/family-rights/family-rights.rules.js';

/** The youth decides from 16, together with its parents from 12, the parents alone before (WGBO). */
describe('who decides about a youth’s file, by its age', () => {
  it.each([
    ['2014-06-10', '2026-06-09', 'PARENTS'], // the day before the 12th birthday
    ['2014-06-10', '2026-06-10', 'YOUTH_AND_PARENTS'], // the 12th birthday
    ['2014-06-10', '2026-06-11', 'YOUTH_AND_PARENTS'],
    ['2010-06-10', '2026-06-09', 'YOUTH_AND_PARENTS'], // the day before the 16th birthday
    ['2010-06-10', '2026-06-10', 'YOUTH'], // the 16th birthday
    ['2010-06-10', '2026-06-11', 'YOUTH'],
    ['2010-01-01', '2025-12-31', 'YOUTH_AND_PARENTS'], // across the turn of the year
    ['2010-01-01', '2026-01-01', 'YOUTH'],
  ])('born %s, on %s: %s', (birthDate, day, decider) => {
    expect(youthDecidesFrom16(birthDate, day)).toBe(decider);
  });

  // Born on 29 February: the 12th and 16th birthdays fall in leap years, on the 29th itself; in a
  // year without a 29 February the youth is a year older from 1 March.
  it.each([
    ['2012-02-29', '2024-02-28', 'PARENTS'],
    ['2012-02-29', '2024-02-29', 'YOUTH_AND_PARENTS'],
    ['2012-02-29', '2028-02-28', 'YOUTH_AND_PARENTS'],
    ['2012-02-29', '2028-02-29', 'YOUTH'],
    ['2012-02-29', '2028-03-01', 'YOUTH'],
    ['2016-02-29', '2028-02-28', 'PARENTS'],
    ['2016-02-29', '2028-02-29', 'YOUTH_AND_PARENTS'],
  ])('born %s, on %s: %s', (birthDate, day, decider) => {
    expect(youthDecidesFrom16(birthDate, day)).toBe(decider);
  });

  it('counts the Amsterdam day: late on the eve of the 16th birthday in UTC it is already the birthday', () => {
    const day = dayOf(new Date('2026-06-09T22:30:00Z')); // 00:30 on 10 June in Amsterdam (CEST)
    expect(youthDecidesFrom16('2010-06-10', day)).toBe('YOUTH');
    expect(youthDecidesFrom16('2010-06-10', dayOf(new Date('2026-06-09T21:30:00Z')))).toBe('YOUTH_AND_PARENTS');
  });
});
