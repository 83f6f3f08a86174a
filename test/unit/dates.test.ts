import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays, addMonths, dayOf, today } from '../../server/src/core/dates.js';
import { startOfYear, thisYear, today as portalToday } from '../../web/src/lib/server/dates.js';

const at = (iso: string) => new Date(iso);

describe("the calendar is Amsterdam's, not UTC's", () => {
  afterEach(() => vi.useRealTimers());

  it.each([
    // winter time (CET, UTC+1)
    ['2026-01-15T23:30:00Z', '2026-01-16'],
    ['2026-01-16T00:30:00Z', '2026-01-16'],
    ['2026-01-15T22:59:59Z', '2026-01-15'],
    ['2026-01-15T23:00:00Z', '2026-01-16'],
    // summer time (CEST, UTC+2)
    ['2026-07-15T22:30:00Z', '2026-07-16'],
    ['2026-07-15T21:30:00Z', '2026-07-15'],
    ['2026-07-15T23:30:00Z', '2026-07-16'],
    ['2026-07-16T00:30:00Z', '2026-07-16'],
    // the year turns an hour before it does in UTC
    ['2026-12-31T23:30:00Z', '2027-01-01'],
  ])('just after midnight it picked yesterday: %s is %s', (moment, day) => {
    expect(dayOf(at(moment))).toBe(day);
  });

  it.each([
    // spring forward, Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC)
    ['2026-03-28T22:59:59Z', '2026-03-28'],
    ['2026-03-28T23:00:00Z', '2026-03-29'],
    ['2026-03-29T00:59:59Z', '2026-03-29'],
    ['2026-03-29T01:00:00Z', '2026-03-29'],
    ['2026-03-29T21:59:59Z', '2026-03-29'],
    ['2026-03-29T22:00:00Z', '2026-03-30'],
    // fall back, Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC)
    ['2026-10-24T21:59:59Z', '2026-10-24'],
    ['2026-10-24T22:00:00Z', '2026-10-25'],
    ['2026-10-25T00:30:00Z', '2026-10-25'],
    ['2026-10-25T01:30:00Z', '2026-10-25'],
    ['2026-10-25T22:59:59Z', '2026-10-25'],
    ['2026-10-25T23:00:00Z', '2026-10-26'],
  ])('on the days the clocks change the day still starts at midnight in Amsterdam: %s is %s', (moment, day) => {
    expect(dayOf(at(moment))).toBe(day);
  });

  it.each([
    ['2026-01-15T23:30:00Z', '2026-01-16'],
    ['2026-01-16T00:30:00Z', '2026-01-16'],
    ['2026-07-15T22:30:00Z', '2026-07-16'],
    ['2026-07-15T21:30:00Z', '2026-07-15'],
  ])('today at %s is %s, on the server and in the portal alike', (now, day) => {
    vi.useFakeTimers({ toFake: ['Date'], now: at(now) });
    expect(today()).toBe(day);
    expect(portalToday()).toBe(day);
  });

  it("the portal's default periods start from Amsterdam's today (New Year's Eve 23:30 UTC is next year)", () => {
    vi.useFakeTimers({ toFake: ['Date'], now: at('2026-12-31T23:30:00Z') });
    expect(thisYear()).toBe(2027);
    expect(startOfYear()).toBe('2027-01-01');
  });

  it('counts calendar days and months without a time zone', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addMonths('2026-11-30', 3)).toBe('2027-03-02');
    expect(addMonths('2024-02-29', 12)).toBe('2025-03-01');
    expect(addMonths('2026-07-16', -12)).toBe('2025-07-16');
  });
});
