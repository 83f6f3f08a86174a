import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { Problems } from '$lib/care/problems';
import { formKeyOf } from '$lib/forms/form-key';
import { ProposeOtherPicMutation, RespondToPicProposalMutation } from '$lib/graphql/intake';
import { field, refuse, refusedByApi } from './care-actions';
import { api } from './graphql';

/**
 * The trajectory page's referral-check forms: the main contractor proposes another PIC, the
 * referrer accepts or declines it (a reason is required when declining). Each answers with the
 * trajectory page, saying what was done.
 */
export const referralCheckActions = {
  proposePic: async (event: RequestEvent) => {
    const form = await event.request.formData();
    const values = { picId: field(form, 'picId'), reason: field(form, 'reason') };
    const problems: Problems = {};
    if (!values.picId) problems.picId = { key: 'trajectory.check.picRequired' };
    if (!values.reason) problems.reason = { key: 'trajectory.required' };
    if (Object.keys(problems).length) return refuse(400, { form: 'proposePic', problems, values });
    const outcome = await api(event).mutate(
      ProposeOtherPicMutation,
      { input: { trajectoryId: event.params.id!, ...values } },
      formKeyOf(form),
    );
    if (outcome.error)
      return refusedByApi(event, 'proposePic', outcome.error, {
        fields: { 'input.picId': 'picId', 'input.reason': 'reason' },
        values,
      });
    redirect(303, `${event.url.pathname}?done=picProposed`);
  },

  respondPicProposal: async (event: RequestEvent) => {
    const form = await event.request.formData();
    const accept = field(form, 'answer') === 'accept';
    const reason = field(form, 'reason');
    if (!accept && !reason)
      return refuse(400, {
        form: 'respondPicProposal',
        problems: { reason: { key: 'trajectory.required' } },
        values: { reason },
      });
    const outcome = await api(event).mutate(
      RespondToPicProposalMutation,
      { input: { id: field(form, 'proposalId'), accept, reason: reason || null } },
      formKeyOf(form),
    );
    if (outcome.error)
      return refusedByApi(event, 'respondPicProposal', outcome.error, {
        fields: { 'input.reason': 'reason' },
        values: { reason },
      });
    redirect(303, `${event.url.pathname}?done=${accept ? 'picAccepted' : 'picDeclined'}`);
  },
};
