import { error } from '@sveltejs/kit';
import { PerformanceConsortia, PerformanceCsv } from '$lib/graphql/performance';
import { api } from '$lib/server/graphql';
import { performanceFilter } from '$lib/server/performance-filter';
import type { RequestHandler } from './$types';

/**
 * The dashboard's tables as CSV, straight from the API (aggregates only, "< 5" where suppressed),
 * for the consortium and period in the address. Endpoints skip the (app) layout's section check, so
 * the role is checked here (and again by the API).
 */
export const GET: RequestHandler = async (event) => {
  const roles = event.locals.viewer?.roles ?? [];
  if (!roles.includes('CONTRACT_MANAGER') && !roles.includes('REGION_ADMIN')) error(403, 'FORBIDDEN');
  const client = api(event);
  const { consortia } = await client.query(PerformanceConsortia, {});
  const { consortiumId, period } = performanceFilter(event.url, consortia);
  if (!consortiumId || period.invalid) error(404, 'NOT_FOUND');
  const { consortiumPerformanceCsv } = await client.query(PerformanceCsv, {
    consortiumId,
    from: period.from,
    to: period.to,
  });
  const name = consortia
    .find((c) => c.id === consortiumId)!
    .name.toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  // A byte-order mark, so that spreadsheet programs read the UTF-8 names (é, ë) right.
  const body = new Blob(['\uFEFF', consortiumPerformanceCsv]).stream();
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="prestaties-${name}-${period.from}-${period.to}.csv"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
};
