import { error } from '@sveltejs/kit';
import { TeamsPage } from '$lib/graphql/teams';
import { api } from '$lib/server/graphql';
import { updateTeam } from '$lib/server/team-actions';
import { ownProviderId } from '$lib/server/viewer';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const providerId = ownProviderId(event.locals.viewer);
  const { integratedTeams, providers } = await api(event).query(TeamsPage, {});
  const team = integratedTeams.find(
    (candidate) => candidate.id === event.params.id && candidate.coordinator.id === providerId,
  );
  if (!team) error(404, 'NOT_FOUND');
  return { team, providers };
};

export const actions: Actions = {
  update: updateTeam,
};
