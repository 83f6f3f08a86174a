import { byIdLoader, groupedLoader } from '../../core/graphql/loaders.js';
import type { IntegratedTeamService } from './integrated-team.service.js';

export function integratedTeamLoaders(service: IntegratedTeamService) {
  return {
    integratedTeam: byIdLoader((ids) => service.byIds(ids)),
    integratedTeamsOfProvider: groupedLoader(
      (ids) => service.ofProviders(ids),
      (t) => t.providerId,
    ),
    memberIdsOfTeam: groupedLoader(
      (ids) => service.memberIdsOf(ids),
      (m) => m.teamId,
    ),
  };
}
