import { error } from '@sveltejs/kit';
import { TrajectoryPrintQuery } from '$lib/graphql/family';
import { today } from '$lib/server/dates';
import { api } from '$lib/server/graphql';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { trajectory } = await api(event).query(TrajectoryPrintQuery, { id: event.params.id });
  if (!trajectory) error(404, 'NOT_FOUND');
  return { trajectory, today: today() };
};
