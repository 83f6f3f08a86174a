import { groupedLoader } from '../../core/graphql/loaders.js';
import type { ImprovementPlanService } from './improvement-plan.service.js';

export function improvementPlanLoaders(service: ImprovementPlanService) {
  return {
    actionsOfImprovementPlan: groupedLoader(
      (ids) => service.actionsOf(ids),
      (a) => a.planId,
    ),
  };
}
