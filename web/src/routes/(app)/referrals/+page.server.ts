import { loadTrajectoryList } from '$lib/server/trajectory-list';
import type { PageServerLoad } from './$types';

/** The referrer's list: the trajectories of their municipality, declined referrals included. */
export const load: PageServerLoad = (event) => loadTrajectoryList(event, { involvements: false });
