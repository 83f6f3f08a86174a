import { error } from '@sveltejs/kit';
import { TrajectoryAccessLogQuery } from '$lib/graphql/family';
import { api } from '$lib/server/graphql';
import type { PageServerLoad } from './$types';

/** The main contractor only: anyone else gets the API's refusal as an error page. */
export const load: PageServerLoad = async (event) => {
  const data = await api(event).query(TrajectoryAccessLogQuery, { id: event.params.id });
  if (!data.trajectory) error(404, 'NOT_FOUND');
  return { entries: data.trajectoryAccessLog, trajectory: data.trajectory };
};
