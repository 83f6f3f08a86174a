import { today } from './dates';

export type Granularity = 'MONTH' | 'QUARTER';

/** A period figures are published for: one complete calendar year, quarter or month (the API refuses any other). */
export interface GridPeriod {
  /** 2025, 2025-Q3 or 2025-11, as in the address (?period=…). */
  value: string;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const span = (value: string, year: number, first: number, last: number): GridPeriod => ({
  value,
  from: `${year}-${pad(first)}-01`,
  to: `${year}-${pad(last)}-${pad(lastDay(year, last))}`,
});

/**
 * The periods to choose from, newest first: the last 5 complete calendar years, 8 quarters and 12
 * months before `day` (statistical disclosure control: the API publishes this fixed grid only).
 */
export function gridPeriods(day = today()): { years: GridPeriod[]; quarters: GridPeriod[]; months: GridPeriod[] } {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const years = Array.from({ length: 5 }, (_, i) => span(String(year - 1 - i), year - 1 - i, 1, 12));
  const quarterNow = Math.floor((month - 1) / 3); // quarters since the start of the year, complete
  const quarters = Array.from({ length: 8 }, (_, i) => {
    const n = year * 4 + quarterNow - 1 - i;
    const [y, q] = [Math.floor(n / 4), (n % 4) + 1];
    return span(`${y}-Q${q}`, y, 3 * q - 2, 3 * q);
  });
  const months = Array.from({ length: 12 }, (_, i) => {
    const n = year * 12 + month - 2 - i;
    const [y, m] = [Math.floor(n / 12), (n % 12) + 1];
    return span(`${y}-${pad(m)}`, y, m, m);
  });
  return { years, quarters, months };
}

/**
 * The dashboard's choice, from the address: consortium, closing-date period (one of the grid; the
 * last complete calendar year by default) and the period breakdown (by quarter by default: fewer
 * groups are suppressed). `period.invalid` says the address asked for a period not on offer.
 */
export function performanceFilter(url: URL, consortia: readonly { id: string }[]) {
  const requested = url.searchParams.get('consortium');
  const consortiumId = consortia.find((c) => c.id === requested)?.id ?? consortia[0]?.id;
  const periods = gridPeriods();
  const asked = url.searchParams.get('period');
  const chosen = [...periods.years, ...periods.quarters, ...periods.months].find((p) => p.value === asked);
  const period = { ...(chosen ?? periods.years[0]), invalid: asked !== null && !chosen };
  const granularity: Granularity = url.searchParams.get('granularity') === 'MONTH' ? 'MONTH' : 'QUARTER';
  return { consortiumId, period, granularity, periods };
}
