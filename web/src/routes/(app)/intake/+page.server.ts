import { error, redirect } from '@sveltejs/kit';
import { memberConsortia } from '$lib/consortia';
import { AssignMainContractorMutation, IntakeBoardQuery } from '$lib/graphql/intake';
import { mutateForm, refuse, text } from '$lib/server/forms';
import { today } from '$lib/server/dates';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;

/**
 * The intake board of a consortium the viewer's provider leads or partners in (`?consortium=`
 * chooses when there are several): who waits, oldest first, its lead and partners of today, and
 * their free places. Only the lead assigns; partners see the same board read-only.
 */
export const load: PageServerLoad = async (event) => {
  const { searchParams } = event.url;
  const consortia = memberConsortia(event.locals.viewer, today());
  const consortium = consortia.find((c) => c.id === searchParams.get('consortium')) ?? consortia[0];
  if (!consortium) error(403, 'FORBIDDEN');
  const after = searchParams.get('after') || undefined;
  const pageNumber = after ? Math.max(2, Math.trunc(Number(searchParams.get('page'))) || 2) : 1;

  const variables = { consortiumId: consortium.id, first: PAGE_SIZE, after };
  const outcome = await api(event).request('query', IntakeBoardQuery, variables);
  if (outcome.error?.code === 'BAD_USER_INPUT' && after) {
    // a cursor that no longer fits: back to the first page
    const url = new URL(event.url);
    url.searchParams.delete('after');
    url.searchParams.delete('page');
    redirect(303, url.pathname + url.search);
  }
  const board = outcome.data ?? (await api(event).query(IntakeBoardQuery, variables));
  const day = today();
  const members = (board.consortium?.members ?? [])
    .filter((m) => m.role !== 'SUBCONTRACTOR' && m.validFrom <= day && (!m.validUntil || m.validUntil >= day))
    .map((m) => ({ id: m.provider.id, name: m.provider.name, role: m.role as 'LEAD' | 'PARTNER' }));

  return {
    consortia,
    consortium,
    members,
    capacity: board.capacity,
    youths: board.waitingList.edges.map((edge) => edge.node),
    total: board.waitingList.totalCount,
    nextCursor: board.waitingList.pageInfo.hasNextPage ? board.waitingList.pageInfo.endCursor : null,
    pageNumber,
    pageSize: PAGE_SIZE,
  };
};

export const actions: Actions = {
  /** The lead assigns a lead or partner as main contractor; the board shows the youth as assigned. */
  assign: async (event) => {
    const form = await event.request.formData();
    const trajectoryId = text(form, 'trajectoryId');
    const values = { providerId: text(form, 'providerId'), note: text(form, 'note') };
    const name = `assign-${trajectoryId}`;
    if (!values.providerId) return refuse(form, name, { providerId: { key: 'intake.memberRequired' } });
    const { failure } = await mutateForm(event, form, name, AssignMainContractorMutation, {
      input: { trajectoryId, providerId: values.providerId, note: values.note || null },
    });
    if (failure) return failure;
    const target = new URLSearchParams({ done: 'assigned' });
    // the board this was done on (a form's "?/assign" leaves the address's own query behind)
    const consortium = text(form, 'consortiumId');
    if (consortium) target.set('consortium', consortium);
    redirect(303, `${event.url.pathname}?${target}#youth-${trajectoryId}`);
  },
};
