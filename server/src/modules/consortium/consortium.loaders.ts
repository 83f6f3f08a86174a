import { byIdLoader, groupedLoader } from '../../core/graphql/loaders.js';
import type { ConsortiumService } from './consortium.service.js';

export function consortiumLoaders(service: ConsortiumService) {
  return {
    consortium: byIdLoader((ids) => service.byIds(ids)),
    membershipsOfConsortium: groupedLoader(
      (ids) => service.membershipsOfConsortia(ids),
      (m) => m.consortiumId,
    ),
    membershipsOfProvider: groupedLoader(
      (ids) => service.membershipsOfProviders(ids),
      (m) => m.providerId,
    ),
    leadOfConsortium: groupedLoader(
      (ids) => service.leadsOf(ids),
      (l) => l.consortiumId,
    ),
    lotsOfConsortium: groupedLoader(
      (ids) => service.lotsOf(ids),
      (l) => l.consortiumId,
    ),
    areasOfConsortium: groupedLoader(
      (ids) => service.areasOf(ids),
      (a) => a.consortiumId,
    ),
  };
}
