import { PerformanceConsortia, PerformanceDashboard } from '$lib/graphql/performance';
import { ImprovementPlans, PLAN_PAGE, RequireImprovementPlan } from '$lib/graphql/improvement-plans';
import { today } from '$lib/server/dates';
import { FieldCheck, refuse, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import { performanceFilter } from '$lib/server/performance-filter';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const { consortia } = await client.query(PerformanceConsortia, {});
  const filter = performanceFilter(event.url, consortia);
  const { improvementPlans } = await client.query(ImprovementPlans, { first: PLAN_PAGE });
  const base = { consortia, filter, plans: improvementPlans.edges.map((edge) => edge.node), today: today() };
  if (!filter.consortiumId) return { ...base, dashboard: null };
  const dashboard = await client.query(PerformanceDashboard, {
    consortiumId: filter.consortiumId,
    from: filter.period.from,
    to: filter.period.to,
    granularity: filter.granularity,
  });
  return { ...base, dashboard };
};

export const actions: Actions = {
  /** The contract manager requires an improvement plan (verbeterplan) of a provider. */
  require: async (event) => {
    const form = await event.request.formData();
    const formId = 'require';
    const providerId = text(form, 'providerId');
    const reason = text(form, 'reason');
    const dueDate = text(form, 'dueDate');
    const check = new FieldCheck()
      .required('providerId', providerId)
      .required('reason', reason)
      .date('dueDate', dueDate);
    if (!check.ok) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'performance.planRequired', RequireImprovementPlan, {
      input: { providerId, reason, dueDate },
    });
  },
};
