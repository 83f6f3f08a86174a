import { redirect } from '@sveltejs/kit';
import { ProvidersQuery, RespondToTransferMutation, TransferResponsibilityMutation } from '$lib/graphql/care';
import { FieldCheck, mutateForm, refuse, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import { backToTrajectory } from '$lib/server/trajectory';
import type { Actions, PageServerLoad } from './$types';

/** The responsible provider (or the referrer) offers the responsibility; the provider it is offered to answers. */
export const load: PageServerLoad = async (event) => {
  const { trajectory } = await event.parent();
  const open = trajectory.status === 'REFERRED' || trajectory.status === 'ACTIVE';
  const mayOffer =
    (trajectory.involvement.includes('RESPONSIBLE') || trajectory.involvement.includes('REFERRER')) &&
    open &&
    !trajectory.transfers.some((transfer) => transfer.status === 'PENDING');
  return { providers: mayOffer ? (await api(event).query(ProvidersQuery, {})).providers : null };
};

export const actions: Actions = {
  offer: async (event) => {
    const form = await event.request.formData();
    const toProviderId = text(form, 'toProviderId');
    const reason = text(form, 'reason');
    const check = new FieldCheck()
      .required('toProviderId', toProviderId, 'trajectory.transfer.providerRequired')
      .required('reason', reason, 'trajectory.required');
    if (!check.ok) return refuse(form, 'offerTransfer', check.problems);
    const { data, failure } = await mutateForm(event, form, 'offerTransfer', TransferResponsibilityMutation, {
      input: { trajectoryId: event.params.id!, toProviderId, reason },
    });
    if (failure) return failure;
    // highly specialist care: the acceptance obligation makes the transfer immediate
    if (data.transferResponsibility.responsibleProvider.id === toProviderId) {
      if (!event.locals.viewer?.roles.includes('REFERRER')) redirect(303, '/caseload');
      return backToTrajectory(event, 'transferForced');
    }
    return backToTrajectory(event, 'transferOffered');
  },

  respond: async (event) => {
    const form = await event.request.formData();
    const accept = text(form, 'answer') === 'accept';
    const reason = text(form, 'reason');
    if (!accept && !reason) return refuse(form, 'respondTransfer', { reason: { key: 'trajectory.required' } });
    const { failure } = await mutateForm(event, form, 'respondTransfer', RespondToTransferMutation, {
      input: { id: text(form, 'transferId'), accept, reason: accept ? null : reason },
    });
    if (failure) return failure;
    // after declining, the trajectory is no longer the viewer's to see
    if (!accept) redirect(303, '/inbox?done=transferDeclined');
    return backToTrajectory(event, 'transferAccepted');
  },
};
