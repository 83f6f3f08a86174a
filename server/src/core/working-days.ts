import Holidays from 'date-holidays';

/** Dutch public holidays (date-holidays' maintained calendar: Easter, King's Day, Ascension, …). */
const holidays = new Holidays('NL');

const asDate = (day: string) => new Date(`${day}T12:00:00Z`);
const dayString = (date: Date) => date.toISOString().slice(0, 10);

/** True on Monday–Friday when it is no Dutch public holiday (calendar days YYYY-MM-DD). */
export function isWorkingDay(day: string): boolean {
  const weekday = asDate(day).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const found = holidays.isHoliday(asDate(day));
  return !(found && found.some((h) => h.type === 'public'));
}

/** The day `count` working days after `day` (weekends and Dutch public holidays skipped). */
export function addWorkingDays(day: string, count: number): string {
  const date = asDate(day);
  let left = count;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (isWorkingDay(dayString(date))) left--;
  }
  return dayString(date);
}
