import { InboxWaitingQuery } from '$lib/graphql/care';
import { api } from '$lib/server/graphql';
import { loadTrajectoryList } from '$lib/server/trajectory-list';
import type { PageServerLoad } from './$types';

/** Mijn caseload: the provider's trajectories, as main contractor or contributing expertise. */
export const load: PageServerLoad = async (event) => {
  const [list, waiting] = await Promise.all([
    loadTrajectoryList(event, { involvements: true }),
    api(event).query(InboxWaitingQuery, {}),
  ]);
  const inboxWaiting =
    waiting.expertiseRequestsInbox.filter((request) => request.status === 'REQUESTED').length +
    waiting.trajectories.totalCount;
  return { ...list, inboxWaiting };
};
