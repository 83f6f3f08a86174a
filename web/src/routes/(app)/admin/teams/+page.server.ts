import { TeamsPage } from '$lib/graphql/teams';
import { api } from '$lib/server/graphql';
import { createTeam } from '$lib/server/team-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => api(event).query(TeamsPage, {});

export const actions: Actions = {
  create: (event) => createTeam(event, { withCoordinator: true }),
};
