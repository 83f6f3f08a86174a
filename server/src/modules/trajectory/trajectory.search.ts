import { BadUserInputError } from '../../core/errors/errors.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DUTCH_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The trajectory number people read out: the first 8 characters of its id (with a digit, so no initials). */
const NUMBER = /^(?=.*\d)[0-9a-f]{8}$/i;

/** Whether a YYYY-MM-DD day exists (not 2012-02-31 or 2012-13-01). */
function exists(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** The short number of a trajectory, as the portal shows it and the search finds it. */
export const trajectoryNumber = (id: string): string => id.slice(0, 8);

/**
 * The caseload search as a condition on `trajectory t`: a birth date (ISO or Dutch day-month-year),
 * a trajectory number or id, or else the youth's initials (letters in order, dots optional).
 */
export function searchCondition(search: string, param: (value: unknown) => string): string {
  const text = search.trim();
  const dutch = DUTCH_DATE.exec(text);
  const day = dutch ? `${dutch[3]}-${dutch[2].padStart(2, '0')}-${dutch[1].padStart(2, '0')}` : text;
  if (ISO_DATE.test(day)) {
    if (!exists(day)) throw BadUserInputError.field('filter.search', 'INVALID_VALUE');
    return `EXISTS (SELECT 1 FROM youth y WHERE y.id = t.youth_id AND y.birth_date = ${param(day)}::date)`;
  }
  if (UUID.test(text)) return `t.id = ${param(text.toLowerCase())}::uuid`;
  if (NUMBER.test(text)) return `t.id::text LIKE ${param(`${text.toLowerCase()}%`)}`;
  const initials = text
    .replace(/[^\p{L}]/gu, '')
    .toUpperCase()
    .split('')
    .join('.');
  return `EXISTS (SELECT 1 FROM youth y WHERE y.id = t.youth_id AND y.initials LIKE ${param(`%${initials}%`)})`;
}
