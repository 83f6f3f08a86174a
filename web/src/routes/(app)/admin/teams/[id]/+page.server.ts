import { error } from '@sveltejs/kit';
import { TeamsPage } from '$lib/graphql/teams';
import { api } from '$lib/server/graphql';
import { updateTeam } from '$lib/server/team-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { integratedTeams, providers } = await api(event).query(TeamsPage, {});
  const team = integratedTeams.find((candidate) => candidate.id === event.params.id);
  if (!team) error(404, 'NOT_FOUND');
  return { team, providers };
};

export const actions: Actions = { update: updateTeam };
