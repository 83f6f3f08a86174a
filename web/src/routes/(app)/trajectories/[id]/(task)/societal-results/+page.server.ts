import { RecordSocietalResultsMutation } from '$lib/graphql/care';
import { mutateForm, refuse, text } from '$lib/server/forms';
import { backToTrajectory } from '$lib/server/trajectory';
import { REALISATIONS } from '$lib/server/trajectory-forms';
import type { Actions } from './$types';

type Realisation = (typeof REALISATIONS)[number];

/** The referrer records whether each societal goal of the family plan was reached, also after closure. */
export const actions: Actions = {
  save: async (event) => {
    const form = await event.request.formData();
    const goalIds = form.getAll('goalId').map(String);
    const results = goalIds
      .map((goalId) => ({ goalId, realisation: text(form, `societal.${goalId}`) }))
      .filter((result): result is { goalId: string; realisation: Realisation } =>
        REALISATIONS.includes(result.realisation as Realisation),
      );
    if (!results.length)
      return refuse(form, 'societalResults', { [`societal.${goalIds[0]}`]: { key: 'trajectory.societal.noneChosen' } });
    const { failure } = await mutateForm(event, form, 'societalResults', RecordSocietalResultsMutation, {
      input: { familyPlanId: text(form, 'familyPlanId'), results },
    });
    return failure ?? backToTrajectory(event, 'societalResults');
  },
};
