import { thisYear } from './dates';

/** The budget year from the address (?year=2026), this year by default. */
export function budgetYear(url: URL): number {
  const year = Number(url.searchParams.get('year'));
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : thisYear();
}
