import { AcceptReferralMutation, DeclineReferralMutation } from '$lib/graphql/care';
import { TrajectoryIjwMessages } from '$lib/graphql/ijw';
import { mutateForm, refuse, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import { backToTrajectory, loadTrajectory } from '$lib/server/trajectory';
import type { Actions, PageServerLoad } from './$types';

/**
 * The trajectory page: what there is to read, and the decision on a referral. Every other task has
 * its own page with its form (./(task)/…), linked from the section it belongs to.
 */
export const load: PageServerLoad = async (event) => {
  const trajectory = await loadTrajectory(event);
  // the main contractor sees the iJw messages about the trajectory (a rejected one is corrected here)
  const ijwMessages = trajectory.involvement.includes('RESPONSIBLE')
    ? ((await api(event).query(TrajectoryIjwMessages, { id: trajectory.id })).trajectory?.ijwMessages ?? [])
    : [];
  return { trajectory, ijwMessages };
};

export const actions: Actions = {
  accept: async (event) => {
    const form = await event.request.formData();
    const { failure } = await mutateForm(event, form, 'accept', AcceptReferralMutation, {
      trajectoryId: event.params.id,
    });
    return failure ?? backToTrajectory(event, 'accepted');
  },

  decline: async (event) => {
    const form = await event.request.formData();
    const reason = text(form, 'reason');
    if (!reason) return refuse(form, 'decline', { reason: { key: 'trajectory.required' } });
    const { data, failure } = await mutateForm(event, form, 'decline', DeclineReferralMutation, {
      trajectoryId: event.params.id,
      reason,
    });
    if (failure) return failure;
    // a consortium's member returns the youth to the consortium's intake, never to the referrer
    return backToTrajectory(event, data.declineReferral.status === 'INTAKE' ? 'returnedToIntake' : 'declined');
  },
};
