import { currentPics } from '$lib/care/pics';
import { PicOptionsQuery, ProposeOtherPicMutation, RespondToPicProposalMutation } from '$lib/graphql/intake';
import { today } from '$lib/server/dates';
import { FieldCheck, mutateForm, refuse, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import { backToTrajectory } from '$lib/server/trajectory';
import type { Actions, PageServerLoad } from './$types';

/**
 * The referral check: the main contractor proposes another PIC while none waits for a decision;
 * the referrer accepts or declines it (a reason is required when declining).
 */
export const load: PageServerLoad = async (event) => {
  const { trajectory } = await event.parent();
  const mayPropose =
    trajectory.involvement.includes('RESPONSIBLE') &&
    (trajectory.status === 'REFERRED' || trajectory.status === 'ACTIVE') &&
    !trajectory.picProposals.some((proposal) => proposal.status === 'PROPOSED');
  const pics = mayPropose
    ? currentPics((await api(event).query(PicOptionsQuery, {})).pics, today())
        .flatMap((entry) => entry.pics)
        .filter((pic) => pic.id !== trajectory.referral.pic.id)
    : null;
  return { pics };
};

export const actions: Actions = {
  propose: async (event) => {
    const form = await event.request.formData();
    const picId = text(form, 'picId');
    const reason = text(form, 'reason');
    const check = new FieldCheck()
      .required('picId', picId, 'trajectory.check.picRequired')
      .required('reason', reason, 'trajectory.required');
    if (!check.ok) return refuse(form, 'proposePic', check.problems);
    const { failure } = await mutateForm(event, form, 'proposePic', ProposeOtherPicMutation, {
      input: { trajectoryId: event.params.id!, picId, reason },
    });
    return failure ?? backToTrajectory(event, 'picProposed');
  },

  respond: async (event) => {
    const form = await event.request.formData();
    const accept = text(form, 'answer') === 'accept';
    const reason = text(form, 'reason');
    if (!accept && !reason) return refuse(form, 'respondPicProposal', { reason: { key: 'trajectory.required' } });
    const { failure } = await mutateForm(event, form, 'respondPicProposal', RespondToPicProposalMutation, {
      input: { id: text(form, 'proposalId'), accept, reason: reason || null },
    });
    return failure ?? backToTrajectory(event, accept ? 'picAccepted' : 'picDeclined');
  },
};
