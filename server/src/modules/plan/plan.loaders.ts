import { byIdLoader, groupedLoader } from '../../core/graphql/loaders.js';
import type { PlanService } from './plan.service.js';

export function planLoaders(service: PlanService) {
  return {
    familyPlan: byIdLoader((ids) => service.familyPlansByIds(ids)),
    helpPlanOf: groupedLoader(
      (ids) => service.helpPlansOf(ids),
      (h) => h.trajectoryId,
    ),
    goalsOfFamilyPlan: groupedLoader(
      (ids) => service.goalsOf(ids, []),
      (g) => g.familyPlanId!,
    ),
    goalsOfHelpPlan: groupedLoader(
      (ids) => service.goalsOf([], ids),
      (g) => g.helpPlanId!,
    ),
    goal: byIdLoader((ids) => service.goalsByIds(ids)),
    youthIdsOfFamilyPlan: groupedLoader(
      (ids) => service.youthIdsOf(ids),
      (r) => r.familyPlanId,
    ),
    revisionsOfFamilyPlan: groupedLoader(
      (ids) => service.revisionsOf(ids, []),
      (r) => r.planId,
    ),
    revisionsOfHelpPlan: groupedLoader(
      (ids) => service.revisionsOf([], ids),
      (r) => r.planId,
    ),
  };
}
