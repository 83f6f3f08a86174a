import { ImprovementPlans, PLAN_PAGE } from '$lib/graphql/improvement-plans';
import { api } from '$lib/server/graphql';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { improvementPlans } = await api(event).query(ImprovementPlans, { first: PLAN_PAGE });
  return { plans: improvementPlans.edges.map((edge) => edge.node), total: improvementPlans.totalCount };
};
