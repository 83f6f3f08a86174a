import { error, redirect, type RequestEvent, type ServerLoadEvent } from '@sveltejs/kit';
import { TRAJECTORY_DEPENDENCY } from '$lib/care/live';
import { TrajectoryPageQuery } from '$lib/graphql/care';
import { api } from './graphql';

/** The trajectory as its page and its task pages (…/expertise, …/transfer, …) show it. */
export async function loadTrajectory(event: ServerLoadEvent) {
  event.depends(TRAJECTORY_DEPENDENCY);
  const { trajectory } = await api(event).query(TrajectoryPageQuery, { id: event.params.id! });
  if (!trajectory) error(404, 'NOT_FOUND');
  return trajectory;
}

/** What a task did, as the trajectory page confirms it (`?done=`). */
export type Done =
  | 'accepted'
  | 'declined'
  | 'returnedToIntake'
  | 'picProposed'
  | 'picAccepted'
  | 'picDeclined'
  | 'familyPlan'
  | 'helpPlan'
  | 'expertiseRequested'
  | 'expertiseWithdrawn'
  | 'expertiseCompleted'
  | 'transferOffered'
  | 'transferForced'
  | 'transferAccepted'
  | 'outcomeSubmitted'
  | 'outcomeCorrected'
  | 'closed'
  | 'societalResults';

/** After a task: back to the trajectory page, freshly loaded, saying what was done (post/redirect/get). */
export const backToTrajectory = (event: RequestEvent, done: Done): never =>
  redirect(303, `/trajectories/${event.params.id}?done=${done}`);
