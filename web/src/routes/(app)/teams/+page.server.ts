import { TeamsPage } from '$lib/graphql/teams';
import { api } from '$lib/server/graphql';
import { createTeam } from '$lib/server/team-actions';
import { ownProviderId } from '$lib/server/viewer';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const providerId = ownProviderId(event.locals.viewer);
  const { integratedTeams, providers } = await api(event).query(TeamsPage, {});
  return {
    providerId,
    coordinated: integratedTeams.filter((team) => team.coordinator.id === providerId),
    memberOf: integratedTeams.filter((team) => team.members.some((member) => member.id === providerId)),
    providers,
  };
};

export const actions: Actions = {
  create: (event) => createTeam(event),
};
