import { redirect, type RequestEvent } from '@sveltejs/kit';
import { SIGNALS } from '$lib/caseload-signals';
import { TrajectoriesQuery } from '$lib/graphql/care';
import { api } from './graphql';

const STATUSES = ['INTAKE', 'REFERRED', 'ACTIVE', 'CLOSED', 'CANCELLED'] as const;
const INVOLVEMENTS = ['RESPONSIBLE', 'EXPERTISE', 'TRANSFER'] as const;
export const PAGE_SIZE = 20;

const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  allowed.includes(value as T) ? (value as T) : undefined;

/**
 * A page of the viewer's trajectories, by the list's query string: `q` (initials, birth date or
 * trajectory number), `status`, `involvement` (providers), `signal` (what needs attention), and
 * cursor paging (`after`, with `page` for the position shown).
 */
export async function loadTrajectoryList(event: RequestEvent, { involvements }: { involvements: boolean }) {
  const { searchParams } = event.url;
  const status = oneOf(searchParams.get('status'), STATUSES);
  const involvement = involvements ? oneOf(searchParams.get('involvement'), INVOLVEMENTS) : undefined;
  const signal = oneOf(searchParams.get('signal'), SIGNALS);
  const search = (searchParams.get('q') ?? '').trim().slice(0, 40);
  const after = searchParams.get('after') || undefined;
  const pageNumber = after ? Math.max(2, Math.trunc(Number(searchParams.get('page'))) || 2) : 1;

  const variables = { filter: { status, involvement, signal, search: search || undefined }, first: PAGE_SIZE, after };
  const outcome = await api(event).request('query', TrajectoriesQuery, variables);
  const filters = { search, status, involvement, signal };
  if (outcome.error?.code === 'BAD_USER_INPUT' && outcome.error.fields?.some((f) => f.field === 'filter.search'))
    // a birth date that does not exist: say so beside the search instead of an error page
    return { items: [], total: 0, nextCursor: null, pageNumber: 1, pageSize: PAGE_SIZE, filters, searchInvalid: true };
  if (outcome.error?.code === 'BAD_USER_INPUT' && after) {
    // a cursor that no longer fits (or was edited): back to the first page of the same list
    const url = new URL(event.url);
    url.searchParams.delete('after');
    url.searchParams.delete('page');
    redirect(303, url.pathname + url.search);
  }
  // any other error becomes the page's answer (login, 403, 404), as for every read
  const { trajectories } = outcome.data ?? (await api(event).query(TrajectoriesQuery, variables));
  return {
    items: trajectories.edges.map((edge) => edge.node),
    total: trajectories.totalCount,
    nextCursor: trajectories.pageInfo.hasNextPage ? trajectories.pageInfo.endCursor : null,
    pageNumber,
    pageSize: PAGE_SIZE,
    filters,
    searchInvalid: false,
  };
}
