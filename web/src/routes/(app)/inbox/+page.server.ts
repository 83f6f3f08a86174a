import { redirect } from '@sveltejs/kit';
import { formKeyOf } from '$lib/forms/form-key';
import { CompleteExpertiseRequestMutation, InboxQuery, RespondToExpertiseRequestMutation } from '$lib/graphql/care';
import { field, refuse, refusedByApi } from '$lib/server/care-actions';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

/**
 * The inbox: expertise requests to the viewer's organisation (the family stays hidden until it
 * accepts, so only the request's own fields and `trajectoryId` are read), and the trajectories whose
 * responsibility is offered to it.
 */
export const load: PageServerLoad = async (event) => {
  const { expertiseRequestsInbox, trajectories } = await api(event).query(InboxQuery, { first: 100 });
  return { requests: expertiseRequestsInbox, transfers: trajectories.edges.map((edge) => edge.node) };
};

export const actions: Actions = {
  respond: async (event) => {
    const form = await event.request.formData();
    const id = field(form, 'requestId');
    const accept = field(form, 'answer') === 'accept';
    const reason = field(form, 'reason');
    const name = `request-${id}`;
    if (!accept && !reason)
      return refuse(400, { form: name, problems: { reason: { key: 'trajectory.required' } }, values: { reason } });
    const outcome = await api(event).mutate(
      RespondToExpertiseRequestMutation,
      { input: { id, accept, reason: accept ? null : reason } },
      formKeyOf(form),
    );
    if (outcome.error)
      return refusedByApi(event, name, outcome.error, { fields: { 'input.reason': 'reason' }, values: { reason } });
    // accepted: from now on the family is visible, so go to it
    if (accept)
      redirect(303, `/trajectories/${outcome.data.respondToExpertiseRequest.trajectoryId}?done=expertiseAccepted`);
    redirect(303, '/inbox?done=declined');
  },

  complete: async (event) => {
    const form = await event.request.formData();
    const id = field(form, 'requestId');
    const outcome = await api(event).mutate(CompleteExpertiseRequestMutation, { id }, formKeyOf(form));
    if (outcome.error) return refusedByApi(event, `request-${id}`, outcome.error);
    redirect(303, '/inbox?done=completed');
  },
};
