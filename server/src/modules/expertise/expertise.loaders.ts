import { groupedLoader } from '../../core/graphql/loaders.js';
import type { ExpertiseService } from './expertise.service.js';

export function expertiseLoaders(service: ExpertiseService) {
  return {
    expertiseRequestsOf: groupedLoader(
      (ids) => service.ofTrajectories(ids),
      (r) => r.trajectoryId,
    ),
  };
}
