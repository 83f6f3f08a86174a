import { CloseTrajectoryMutation } from '$lib/graphql/care';
import { mutateForm } from '$lib/server/forms';
import { backToTrajectory } from '$lib/server/trajectory';
import type { Actions } from './$types';

/** Closing a trajectory settles it; it needs its outcome report (domain rule 5, the API checks). */
export const actions: Actions = {
  close: async (event) => {
    const form = await event.request.formData();
    const { failure } = await mutateForm(event, form, 'close', CloseTrajectoryMutation, {
      trajectoryId: event.params.id,
    });
    return failure ?? backToTrajectory(event, 'closed');
  },
};
