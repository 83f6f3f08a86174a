import { PicProposalsQuery } from '$lib/graphql/intake';
import { api } from '$lib/server/graphql';
import { loadTrajectoryList } from '$lib/server/trajectory-list';
import type { PageServerLoad } from './$types';

/**
 * The referrer's list: the trajectories of their municipality, declined referrals included, and
 * the proposals of another PIC that wait for its decision.
 */
export const load: PageServerLoad = async (event) => {
  const [list, { picProposals }] = await Promise.all([
    loadTrajectoryList(event, { involvements: false }),
    api(event).query(PicProposalsQuery, {}),
  ]);
  return { ...list, proposals: picProposals };
};
