import { groupedLoader } from '../../core/graphql/loaders.js';
import type { FamilyService } from './family.service.js';

export function familyLoaders(service: FamilyService) {
  return {
    questionnaireLinksOf: groupedLoader(
      (ids) => service.linksOf(ids),
      (l) => l.trajectoryId,
    ),
  };
}
