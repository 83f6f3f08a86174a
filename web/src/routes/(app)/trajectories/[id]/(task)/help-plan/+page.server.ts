import { savePlan } from '$lib/server/trajectory-forms';
import type { Actions } from './$types';

export const actions: Actions = {
  save: (event) => savePlan(event, 'helpPlan'),
};
