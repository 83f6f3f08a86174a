/**
 * The region's calendar. A day is the day on the clock in Amsterdam (CET/CEST), whatever the time
 * zone of the machine or of the database session: tariff versions, deadlines, due dates, ages and
 * "valid on that date" all count in it. Days are written YYYY-MM-DD.
 */
export const ZONE = 'Europe/Amsterdam';

const DAY_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR = 3_600_000;
/** Days by UTC hour: Amsterdam's offset is whole hours, so the day can only change on the hour. */
const dayOfHour = new Map<number, string>();

/** The Amsterdam day of a moment. */
export function dayOf(moment: Date): string {
  const hour = Math.floor(moment.getTime() / HOUR);
  let day = dayOfHour.get(hour);
  if (day === undefined) {
    const parts = Object.fromEntries(DAY_PARTS.formatToParts(moment).map((p) => [p.type, p.value]));
    day = `${parts.year}-${parts.month}-${parts.day}`;
    if (dayOfHour.size >= 100_000) dayOfHour.clear(); // bounded (the data generator spans years of hours)
    dayOfHour.set(hour, day);
  }
  return day;
}

/** Today in Amsterdam. */
export const today = (): string => dayOf(new Date());

/** The same rule in SQL: the Amsterdam day of a timestamptz expression. */
export const sqlDayOf = (moment: string): string => `(${moment} AT TIME ZONE '${ZONE}')::date`;

/**
 * SQL: the moment falls on the Amsterdam days `from`..`to` (date expressions); a range on the
 * moment itself, so an index on it serves.
 */
export const sqlOnDays = (moment: string, from: string, to: string): string =>
  `${moment} >= (${from})::timestamp AT TIME ZONE '${ZONE}' AND ${moment} < ((${to}) + 1)::timestamp AT TIME ZONE '${ZONE}'`;

/** A day `days` later (earlier when negative); calendar arithmetic needs no time zone. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same day `months` later (earlier when negative); past the month's end it runs into the next month. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
}

/** Whole calendar days from one day to another (both YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
