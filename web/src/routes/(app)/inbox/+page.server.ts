import { redirect } from '@sveltejs/kit';
import { CompleteExpertiseRequestMutation, InboxQuery, RespondToExpertiseRequestMutation } from '$lib/graphql/care';
import { api } from '$lib/server/graphql';
import { mutateForm, refuse, text } from '$lib/server/forms';
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
    const id = text(form, 'requestId');
    const accept = text(form, 'answer') === 'accept';
    const reason = text(form, 'reason');
    const name = `request-${id}`;
    if (!accept && !reason) return refuse(form, name, { reason: { key: 'trajectory.required' } });
    const { data, failure } = await mutateForm(event, form, name, RespondToExpertiseRequestMutation, {
      input: { id, accept, reason: accept ? null : reason },
    });
    if (failure) return failure;
    // accepted: from now on the family is visible, so go to it
    if (accept) redirect(303, `/trajectories/${data.respondToExpertiseRequest.trajectoryId}?done=expertiseAccepted`);
    redirect(303, '/inbox?done=declined');
  },

  complete: async (event) => {
    const form = await event.request.formData();
    const id = text(form, 'requestId');
    const { failure } = await mutateForm(event, form, `request-${id}`, CompleteExpertiseRequestMutation, { id });
    if (failure) return failure;
    redirect(303, '/inbox?done=completed');
  },
};
