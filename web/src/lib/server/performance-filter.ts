import { monthsAgo, periodFrom, today } from './dates';

export type Granularity = 'MONTH' | 'QUARTER';

/**
 * The dashboard's choice, from the address: consortium, closing-date period (the last 24 months, two contract years, by
 * default) and the period breakdown (by quarter by default: fewer groups are suppressed).
 */
export function performanceFilter(url: URL, consortia: readonly { id: string }[]) {
  const requested = url.searchParams.get('consortium');
  const consortiumId = consortia.find((c) => c.id === requested)?.id ?? consortia[0]?.id;
  const period = periodFrom(url, { from: monthsAgo(24), to: today() });
  const granularity: Granularity = url.searchParams.get('granularity') === 'MONTH' ? 'MONTH' : 'QUARTER';
  return { consortiumId, period, granularity };
}
