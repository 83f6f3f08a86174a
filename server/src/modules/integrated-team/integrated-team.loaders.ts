import { groupedLoader } from '../../core/graphql/loaders.js';
import type { IntegratedTeamService } from './integrated-team.service.js';

export function integratedTeamLoaders(service: IntegratedTeamService) {
  return {
    integratedTeamsOfProvider: groupedLoader((ids) => service.ofProviders(ids), (t) => t.providerId),
    memberIdsOfTeam: groupedLoader((ids) => service.memberIdsOf(ids), (m) => m.teamId),
  };
}
