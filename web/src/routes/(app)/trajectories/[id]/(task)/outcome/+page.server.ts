import type { RequestEvent } from '@sveltejs/kit';
import { CorrectOutcomeMutation, SubmitOutcomeMutation } from '$lib/graphql/care';
import { mutateForm, refuse, text } from '$lib/server/forms';
import { backToTrajectory } from '$lib/server/trajectory';
import { outcomeApiFields, outcomeFrom } from '$lib/server/trajectory-forms';
import type { Actions } from './$types';

/** The outcome report (domain rule 5), or its correction: a new version with a reason. */
async function saveOutcome(event: RequestEvent, correction: boolean) {
  const form = await event.request.formData();
  const name = correction ? 'correctOutcome' : 'submitOutcome';
  const goalIds = form.getAll('goalId').map(String);
  const submitted = outcomeFrom(form, goalIds);
  const reason = text(form, 'reason');
  if (correction && !reason) submitted.problems.reason = { key: 'trajectory.required' };
  if (Object.keys(submitted.problems).length) return refuse(form, name, submitted.problems);
  const trajectoryId = event.params.id!;
  const options = { fields: outcomeApiFields(goalIds) };
  const { failure } = correction
    ? await mutateForm(
        event,
        form,
        name,
        CorrectOutcomeMutation,
        { input: { trajectoryId, ...submitted.input, reason } },
        options,
      )
    : await mutateForm(
        event,
        form,
        name,
        SubmitOutcomeMutation,
        { input: { trajectoryId, ...submitted.input } },
        options,
      );
  return failure ?? backToTrajectory(event, correction ? 'outcomeCorrected' : 'outcomeSubmitted');
}

export const actions: Actions = {
  submit: (event) => saveOutcome(event, false),
  correct: (event) => saveOutcome(event, true),
};
