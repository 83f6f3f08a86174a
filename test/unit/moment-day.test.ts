import { describe, expect, it } from 'vitest';
import { formatMomentDay } from '../../web/src/lib/i18n/translate.js';

describe('the day the portal shows for a moment', () => {
  it('is the Dutch day, also in the hours when the UTC day is another one', () => {
    // 23:30 UTC in winter is 00:30 the next day in Amsterdam; 22:30 UTC in summer as well
    expect(formatMomentDay('nl', '2026-12-05T23:30:00.000Z')).toBe('6 december 2026');
    expect(formatMomentDay('nl', '2026-07-05T22:30:00.000Z')).toBe('6 juli 2026');
    expect(formatMomentDay('nl', '2026-12-05T22:59:59.999Z')).toBe('5 december 2026');
    expect(formatMomentDay('en', '2026-12-05T23:30:00.000Z')).toBe('6 December 2026');
  });
});
