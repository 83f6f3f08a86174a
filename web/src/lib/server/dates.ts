/** Calendar days, YYYY-MM-DD, by the API's rule: the UTC day (server/src/core/dates.ts). */

export const today = (): string => new Date().toISOString().slice(0, 10);
export const startOfYear = (): string => `${new Date().getUTCFullYear()}-01-01`;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date written YYYY-MM-DD. */
export const isIsoDate = (value: string): boolean =>
  ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/**
 * A period from the query string (?from=…&to=…), or the default when there is none; `invalid` says
 * the given one was not a period (the page says so and shows the default).
 */
export function periodFrom(
  url: URL,
  fallback: { from: string; to: string },
): { from: string; to: string; invalid: boolean } {
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? '';
  if (!from && !to) return { ...fallback, invalid: false };
  if (isIsoDate(from) && isIsoDate(to) && from <= to) return { from, to, invalid: false };
  return { ...fallback, invalid: true };
}
