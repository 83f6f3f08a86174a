import { redirect } from '@sveltejs/kit';
import {
  CompleteExpertiseRequestMutation,
  ExpertiseOptionsQuery,
  RequestExpertiseMutation,
  WithdrawExpertiseRequestMutation,
} from '$lib/graphql/care';
import { isLifeDomain } from '$lib/care/life-domains';
import { FieldCheck, mutateForm, refuse, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import { backToTrajectory } from '$lib/server/trajectory';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MODES = ['CONSULTATION', 'CO_TREATMENT'] as const;

/** Expertise is asked by the responsible provider of an active trajectory, only of providers the rules allow. */
export const load: PageServerLoad = async (event) => {
  const { trajectory } = await event.parent();
  const chosen = event.url.searchParams.get('expertise');
  const profileId = chosen && UUID.test(chosen) ? chosen : trajectory.referral.pic.profile.id;
  const options =
    trajectory.involvement.includes('RESPONSIBLE') && trajectory.status === 'ACTIVE'
      ? await api(event).query(ExpertiseOptionsQuery, { trajectoryId: trajectory.id, profileId })
      : null;
  return { options, profileId };
};

export const actions: Actions = {
  request: async (event) => {
    const form = await event.request.formData();
    const [providerId, mode, profileId, question] = ['providerId', 'mode', 'profileId', 'question'].map((name) =>
      text(form, name),
    );
    const check = new FieldCheck()
      .required('providerId', providerId, 'trajectory.expertise.providerRequired')
      .required(
        'mode',
        MODES.find((known) => known === mode),
        'trajectory.expertise.modeRequired',
      )
      .required('question', question, 'trajectory.required');
    if (!check.ok) return refuse(form, 'requestExpertise', check.problems);
    const { failure } = await mutateForm(event, form, 'requestExpertise', RequestExpertiseMutation, {
      input: {
        trajectoryId: event.params.id!,
        providerId,
        mode: mode as (typeof MODES)[number],
        profileId: profileId || null,
        question,
        // anything but a life domain the form may send is left out
        sharedLifeDomains: form.getAll('sharedLifeDomains').map(String).filter(isLifeDomain),
      },
    });
    return failure ?? backToTrajectory(event, 'expertiseRequested');
  },

  withdraw: async (event) => {
    const form = await event.request.formData();
    const id = text(form, 'requestId');
    const { failure } = await mutateForm(event, form, `expertise-${id}`, WithdrawExpertiseRequestMutation, { id });
    return failure ?? backToTrajectory(event, 'expertiseWithdrawn');
  },

  complete: async (event) => {
    const form = await event.request.formData();
    const id = text(form, 'requestId');
    const { data, failure } = await mutateForm(event, form, `expertise-${id}`, CompleteExpertiseRequestMutation, {
      id,
    });
    if (failure) return failure;
    // the contributor's own request: with it ends its view of the family
    const organisation = event.locals.viewer?.organisation;
    if (organisation?.__typename === 'Provider' && data.completeExpertiseRequest.provider.id === organisation.id)
      redirect(303, '/inbox?done=completed');
    return backToTrajectory(event, 'expertiseCompleted');
  },
};
