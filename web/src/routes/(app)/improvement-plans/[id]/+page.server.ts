import { error } from '@sveltejs/kit';
import {
  AcceptImprovementPlan,
  CloseImprovementPlan,
  ImprovementPlanQuery,
  SubmitImprovementPlan,
} from '$lib/graphql/improvement-plans';
import { isIsoDate } from '$lib/server/dates';
import { FieldCheck, refuse, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { improvementPlan } = await api(event).query(ImprovementPlanQuery, { id: event.params.id });
  if (!improvementPlan) error(404, 'NOT_FOUND');
  return { plan: improvementPlan };
};

const decision = (form: FormData) => ({ input: { id: text(form, 'id'), version: Number(text(form, 'version')) } });

export const actions: Actions = {
  /** The provider's answer: an analysis and actions with dates (rows left empty are skipped). */
  submit: async (event) => {
    const form = await event.request.formData();
    const formId = 'submit-plan';
    const response = text(form, 'response');
    const descriptions = form.getAll('actionDescription').map((v) => String(v).trim());
    const dueDates = form.getAll('actionDueDate').map((v) => String(v).trim());
    const check = new FieldCheck().required('response', response);
    const actions: { description: string; dueDate: string }[] = [];
    descriptions.forEach((description, i) => {
      const dueDate = dueDates[i] ?? '';
      if (!description && !dueDate) return;
      check.required(`actionDescription-${i}`, description).date(`actionDueDate-${i}`, dueDate);
      if (description && isIsoDate(dueDate)) actions.push({ description, dueDate });
    });
    if (actions.length === 0 && check.ok) check.required('actions', '');
    if (!check.ok) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'improvementPlans.submitted', SubmitImprovementPlan, {
      input: { id: text(form, 'id'), version: Number(text(form, 'version')), response, actions },
    });
  },
  accept: async (event) => {
    const form = await event.request.formData();
    return submitForm(event, form, 'accept-plan', 'improvementPlans.accepted', AcceptImprovementPlan, decision(form));
  },
  close: async (event) => {
    const form = await event.request.formData();
    return submitForm(event, form, 'close-plan', 'improvementPlans.closed', CloseImprovementPlan, decision(form));
  },
};
